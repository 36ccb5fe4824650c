/** Random translation by a fraction of the image size, zeros shifted in (as Keras' RandomTranslation with fill_mode='constant'). */
import type * as tf from '@tensorflow/tfjs';
import { checkOneOf, resolveConfig } from '../config';
import { affineResample, identityAffine, type Interpolation } from './affine-resample';
import type { Augmentation } from './augmentation';
import { checkBatch, checkProbability, checkRange } from './check-augment-input';
import { SeededRng } from './seeded-rng';

export interface TranslationConfig {
  /** Chance that each image is shifted; default 1 (Keras' RandomTranslation always applies). */
  probability: number;
  /** Horizontal shift range as a fraction of the width, positive to the right; default [−0.1, 0.1] (torchvision RandomAffine(translate=(0.1, 0.1)) in the usual recipes). */
  x: [number, number];
  /** Vertical shift range as a fraction of the height, positive downwards; default [−0.1, 0.1]. */
  y: [number, number];
  /** How non-integer shifts are read; default 'bilinear' (Keras' default); integer shifts are exact either way. */
  interpolation: Interpolation;
}

export const translationDefaults: TranslationConfig = { probability: 1, x: [-0.1, 0.1], y: [-0.1, 0.1], interpolation: 'bilinear' };

export function resolveTranslationConfig(partial: Partial<TranslationConfig> = {}): TranslationConfig {
  const config = resolveConfig('translation', translationDefaults, partial);
  checkProbability('translation', config.probability);
  checkRange('translation', 'x', config.x, -1, 1);
  checkRange('translation', 'y', config.y, -1, 1);
  checkOneOf('translation', 'interpolation', config.interpolation, ['nearest', 'bilinear'] as const);
  return config;
}

export function translation(partial: Partial<TranslationConfig> = {}): Augmentation {
  const config = resolveTranslationConfig(partial);
  return (batch: tf.Tensor4D, seed: number) => {
    checkBatch('translation', batch);
    const [n, h, w] = batch.shape;
    const rng = new SeededRng(seed);
    const matrices = Array.from({ length: n }, () => {
      const apply = rng.nextFloat() < config.probability;
      const dx = rng.uniform(...config.x) * w;
      const dy = rng.uniform(...config.y) * h;
      // The output pixel (x, y) reads the input at (x − dx, y − dy).
      return apply ? ([1, 0, -dx, 0, 1, -dy] as const) : identityAffine;
    });
    return affineResample(batch, matrices, config.interpolation);
  };
}
