/**
 * Glorot (Xavier) initialization (Glorot & Bengio 2010, eq. 16): variance
 * 2 / (fanIn + fanOut), a compromise between forward and backward variance for
 * symmetric activations (tanh, linear, sigmoid outputs).
 */
import { VarianceScaling } from './variance-scaling';

/** Glorot uniform: U(-√(6 / (fanIn + fanOut)), √(6 / (fanIn + fanOut))). */
export function glorotUniform(seed: number | null = null): VarianceScaling {
  return new VarianceScaling({ mode: 'fanAvg', distribution: 'uniform', gain: 1, seed });
}

/** Glorot normal: N(0, 2 / (fanIn + fanOut)). */
export function glorotNormal(seed: number | null = null): VarianceScaling {
  return new VarianceScaling({ mode: 'fanAvg', distribution: 'normal', gain: 1, seed });
}
