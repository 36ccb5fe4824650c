/**
 * Latent points z for a seed: the paper draws z uniformly from [−1, 1]^100 (Radford et al.
 * 2016, §4 and Fig. 1); a standard normal is the other common choice. The same seed,
 * count and size give the same points.
 */
import * as tf from '@tensorflow/tfjs';

export const latentDistributions = ['uniform', 'normal'] as const;
export type LatentDistribution = (typeof latentDistributions)[number];

/** [count, latentDim] latent points drawn with `seed` (an integer ≥ 0). */
export function latentPoints(count: number, latentDim: number, distribution: LatentDistribution, seed: number): tf.Tensor2D {
  // tfjs's normal sampler treats seed 0 as "no seed"; 0.5 is a seed no integer maps to.
  const s = seed === 0 ? 0.5 : seed;
  return distribution === 'uniform'
    ? tf.randomUniform([count, latentDim], -1, 1, 'float32', s) as tf.Tensor2D
    : tf.randomNormal([count, latentDim], 0, 1, 'float32', s) as tf.Tensor2D;
}
