/**
 * The weight initializers a DCGAN can start from. The paper's (Radford, Metz & Chintala
 * 2016, §4): "All weights were initialized from a zero-centered Normal distribution with
 * standard deviation 0.02"; He et al. 2015 (@deeper/core's `heNormal`) stays an option.
 */
import * as tf from '@tensorflow/tfjs';
import { heNormal, type Initializer } from '@deeper/core';

/** `normal`: N(0, stddev²), the paper's; `he`: He normal, √(2 / fan-in). */
export const dcganInitNames = ['normal', 'he'] as const;
export type DcganInit = (typeof dcganInitNames)[number];

/** The initializer `init` with standard deviation `stddev` (for `normal`) and `seed` (null: a fresh draw). */
export function dcganInitializer(init: DcganInit, stddev: number, seed: number | null): Initializer {
  if (init === 'he') return heNormal(seed);
  // tfjs's normal sampler treats seed 0 as "no seed" (it tests `seed ? …`); 0.5 is a seed
  // no integer maps to, so seed 0 stays reproducible (as in @deeper/core's VarianceScaling).
  return tf.initializers.randomNormal({ mean: 0, stddev, seed: seed === null ? undefined : seed === 0 ? 0.5 : seed });
}
