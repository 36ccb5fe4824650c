/** Chains augmentations into one, each fed its own seed drawn from the composite's seed. */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import type { Augmentation } from './augmentation';
import { SeededRng } from './seeded-rng';

export function composeAugmentations(augmentations: readonly Augmentation[]): Augmentation {
  if (!Array.isArray(augmentations) || augmentations.some((a) => typeof a !== 'function')) {
    throw new ConfigError('composeAugmentations', 'its argument', 'an array of augmentation functions', augmentations);
  }
  return (batch: tf.Tensor4D, seed: number) => {
    // Distinct seeds per stage, so two stages of the same kind do not draw identical parameters.
    const rng = new SeededRng(seed);
    let current = batch;
    for (const augment of augmentations) {
      const next = augment(current, rng.nextUint32());
      if (current !== batch) current.dispose();
      current = next;
    }
    return current === batch ? tf.clone(batch) : current;
  };
}
