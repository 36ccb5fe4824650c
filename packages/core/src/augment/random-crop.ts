/**
 * Random crop with zero padding, the CIFAR recipe (He et al. 2016, sec. 4.2: "4 pixels are padded
 * on each side, and a 32×32 crop is randomly sampled"). Padding by p and cropping back at offset
 * (ox, oy) ∈ [0, 2p]² equals an integer shift by (p − ox, p − oy) with zeros shifted in, which is
 * how it is computed: one gather for the whole batch instead of a slice per image.
 */
import type * as tf from '@tensorflow/tfjs';
import { checkInteger, resolveConfig } from '../config';
import { affineResample, identityAffine } from './affine-resample';
import type { Augmentation } from './augmentation';
import { checkBatch, checkProbability } from './check-augment-input';
import { SeededRng } from './seeded-rng';

export interface RandomCropConfig {
  /** Chance that each image is cropped; default 1 (the recipe crops every image). */
  probability: number;
  /** Zero padding on each side before cropping back to size, in pixels; default 4 (He et al. 2016). */
  padding: number;
}

export const randomCropDefaults: RandomCropConfig = { probability: 1, padding: 4 };

export function resolveRandomCropConfig(partial: Partial<RandomCropConfig> = {}): RandomCropConfig {
  const config = resolveConfig('randomCrop', randomCropDefaults, partial);
  checkProbability('randomCrop', config.probability);
  checkInteger('randomCrop', 'padding', config.padding, 0);
  return config;
}

export function randomCrop(partial: Partial<RandomCropConfig> = {}): Augmentation {
  const config = resolveRandomCropConfig(partial);
  const p = config.padding;
  return (batch: tf.Tensor4D, seed: number) => {
    checkBatch('randomCrop', batch);
    const rng = new SeededRng(seed);
    const matrices = Array.from({ length: batch.shape[0] }, () => {
      const apply = rng.nextFloat() < config.probability;
      const ox = rng.integer(0, 2 * p);
      const oy = rng.integer(0, 2 * p);
      // crop[y][x] = padded[y + oy][x + ox] = input[y + oy − p][x + ox − p]
      return apply ? ([1, 0, ox - p, 0, 1, oy - p] as const) : identityAffine;
    });
    return affineResample(batch, matrices, 'nearest');
  };
}
