/**
 * Picks the initializer that matches a layer's activation: He for rectifiers (the
 * variance analysis of He et al. 2015 assumes ReLU), Glorot otherwise (Glorot & Bengio
 * 2010 assume a symmetric activation, linear near 0).
 */
import { glorotUniform } from './glorot';
import { heNormal } from './he';
import { VarianceScaling } from './variance-scaling';

const rectifiers = new Set(['relu', 'relu6', 'elu', 'selu']);

/** He normal for `relu`-like activations, Glorot uniform for anything else (`linear`, `tanh`, `sigmoid`, `softmax`). */
export function initializerFor(activation: string, seed: number | null = null): VarianceScaling {
  return rectifiers.has(activation) ? heNormal(seed) : glorotUniform(seed);
}
