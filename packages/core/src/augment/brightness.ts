/** Random additive brightness shift per image, as tf.image.random_brightness (no clipping, like it). */
import * as tf from '@tensorflow/tfjs';
import { resolveConfig } from '../config';
import type { Augmentation } from './augmentation';
import { checkBatch, checkProbability, checkRange } from './check-augment-input';
import { SeededRng } from './seeded-rng';

export interface BrightnessConfig {
  /** Chance that each image is shifted; default 1 (tf.image.random_brightness always applies). */
  probability: number;
  /** Range of the value added to every pixel of an image, in pixel units (images in [0, 1]); default [−0.2, 0.2] (torchvision ColorJitter(brightness=0.2)'s usual strength). */
  delta: [number, number];
}

export const brightnessDefaults: BrightnessConfig = { probability: 1, delta: [-0.2, 0.2] };

export function resolveBrightnessConfig(partial: Partial<BrightnessConfig> = {}): BrightnessConfig {
  const config = resolveConfig('brightness', brightnessDefaults, partial);
  checkProbability('brightness', config.probability);
  checkRange('brightness', 'delta', config.delta, -1, 1);
  return config;
}

export function brightness(partial: Partial<BrightnessConfig> = {}): Augmentation {
  const config = resolveBrightnessConfig(partial);
  return (batch: tf.Tensor4D, seed: number) => {
    checkBatch('brightness', batch);
    const rng = new SeededRng(seed);
    const deltas = Array.from({ length: batch.shape[0] }, () => {
      const apply = rng.nextFloat() < config.probability;
      const delta = rng.uniform(...config.delta);
      return apply ? delta : 0;
    });
    return tf.tidy(() => tf.add(batch, tf.tensor1d(deltas).reshape([-1, 1, 1, 1])) as tf.Tensor4D);
  };
}
