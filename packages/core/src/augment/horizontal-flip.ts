/** Random left–right mirror of each image. */
import * as tf from '@tensorflow/tfjs';
import { resolveConfig } from '../config';
import type { Augmentation } from './augmentation';
import { checkBatch, checkProbability } from './check-augment-input';
import { SeededRng } from './seeded-rng';

export interface HorizontalFlipConfig {
  /** Chance that each image is mirrored; default 0.5 (torchvision RandomHorizontalFlip). */
  probability: number;
}

export const horizontalFlipDefaults: HorizontalFlipConfig = { probability: 0.5 };

export function resolveHorizontalFlipConfig(partial: Partial<HorizontalFlipConfig> = {}): HorizontalFlipConfig {
  const config = resolveConfig('horizontalFlip', horizontalFlipDefaults, partial);
  checkProbability('horizontalFlip', config.probability);
  return config;
}

export function horizontalFlip(partial: Partial<HorizontalFlipConfig> = {}): Augmentation {
  const config = resolveHorizontalFlipConfig(partial);
  return (batch: tf.Tensor4D, seed: number) => {
    checkBatch('horizontalFlip', batch);
    const rng = new SeededRng(seed);
    const flags = Array.from({ length: batch.shape[0] }, () => (rng.nextFloat() < config.probability ? 1 : 0));
    return tf.tidy(() => {
      // A reverse along the width axis: every backend has it (tf.image.flipLeftRight is the same).
      const flipped = tf.reverse(batch, 2);
      const mask = tf.tensor1d(flags, 'bool').reshape([-1, 1, 1, 1]);
      return tf.where(tf.broadcastTo(mask, batch.shape), flipped, batch) as tf.Tensor4D;
    });
  };
}
