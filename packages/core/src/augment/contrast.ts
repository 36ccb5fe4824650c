/**
 * Random contrast per image, as tf.image.adjust_contrast: each channel's pixels move away from
 * (factor > 1) or towards (factor < 1) that channel's mean, which stays put. No clipping.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveConfig } from '../config';
import type { Augmentation } from './augmentation';
import { checkBatch, checkProbability, checkRange } from './check-augment-input';
import { SeededRng } from './seeded-rng';

export interface ContrastConfig {
  /** Chance that each image is adjusted; default 1 (tf.image.random_contrast always applies). */
  probability: number;
  /** Range of the contrast factor; default [0.8, 1.2] (torchvision ColorJitter(contrast=0.2)). */
  factor: [number, number];
}

export const contrastDefaults: ContrastConfig = { probability: 1, factor: [0.8, 1.2] };

export function resolveContrastConfig(partial: Partial<ContrastConfig> = {}): ContrastConfig {
  const config = resolveConfig('contrast', contrastDefaults, partial);
  checkProbability('contrast', config.probability);
  checkRange('contrast', 'factor', config.factor, 0, 10);
  return config;
}

export function contrast(partial: Partial<ContrastConfig> = {}): Augmentation {
  const config = resolveContrastConfig(partial);
  return (batch: tf.Tensor4D, seed: number) => {
    checkBatch('contrast', batch);
    const rng = new SeededRng(seed);
    const factors = Array.from({ length: batch.shape[0] }, () => {
      const apply = rng.nextFloat() < config.probability;
      const factor = rng.uniform(...config.factor);
      return apply ? factor : 1;
    });
    return tf.tidy(() => {
      const mean = tf.mean(batch, [1, 2], true); // per image and channel
      const factor = tf.tensor1d(factors).reshape([-1, 1, 1, 1]);
      // (x − μ)·f + μ, rearranged as x·f + μ·(1 − f): one full-size broadcast fewer.
      return tf.add(tf.mul(batch, factor), tf.mul(mean, tf.sub(1, factor))) as tf.Tensor4D;
    });
  };
}
