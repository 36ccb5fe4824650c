/**
 * The guard `trainDqn` runs before a checkpoint: a finite TD loss can still leave a weight
 * non-finite (a step that overflows), and such a network must not replace the last good
 * checkpoint.
 */
import type * as tf from '@tensorflow/tfjs';

/** "weight <name>[<i>] is <value>" for the first non-finite weight of `model`, or null when all are finite. */
export function firstNonFiniteWeight(model: tf.LayersModel): string | null {
  for (const weight of model.weights) {
    const values = weight.read().dataSync();
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return `weight ${weight.name}[${i}] is ${values[i]}`;
  }
  return null;
}
