/**
 * Gradient clipping as PyTorch does it: by value (torch.nn.utils.clip_grad_value_) and by global
 * norm (torch.nn.utils.clip_grad_norm_, Pascanu et al. 2013): all gradients are scaled together
 * by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ the L2 norm of every element of every gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { checkNumber } from '../config';

export interface ClipGradientsConfig {
  /** Largest allowed global L2 norm; null: no norm clipping. */
  clipNorm: number | null;
  /** Largest allowed absolute value of any element; null: no value clipping. Applied first. */
  clipValue: number | null;
}

/**
 * Returns new gradient tensors (the caller disposes them and its inputs); without any clipping
 * configured it returns clones, so ownership is the same either way.
 */
export function clipGradients(gradients: tf.NamedTensorMap, config: ClipGradientsConfig): tf.NamedTensorMap {
  const { clipNorm, clipValue } = config;
  if (clipNorm !== null) checkNumber('clipGradients', 'clipNorm', clipNorm, 0, Infinity, true);
  if (clipValue !== null) checkNumber('clipGradients', 'clipValue', clipValue, 0, Infinity, true);
  const names = Object.keys(gradients);
  const clipped = tf.tidy(() => {
    let grads = names.map((name) => (clipValue === null ? tf.clone(gradients[name]) : tf.clipByValue(gradients[name], -clipValue, clipValue)));
    if (clipNorm !== null && grads.length > 0) {
      const totalNorm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))); // ‖g‖ over all gradients
      const scale = tf.minimum(tf.div(clipNorm, tf.add(totalNorm, 1e-6)), 1); // PyTorch's clip_coef, clamped at 1
      grads = grads.map((g) => tf.mul(g, scale));
    }
    return grads;
  });
  return Object.fromEntries(names.map((name, i) => [name, clipped[i]]));
}
