/** Shared validation for augmentation configs and inputs. */
import type * as tf from '@tensorflow/tfjs';
import { checkNumber } from '../config';
import { ConfigError, ShapeError } from '../errors';

/** Checks a `[low, high]` range within [min, max] with low ≤ high. */
export function checkRange(who: string, field: string, value: unknown, min = -Infinity, max = Infinity): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ConfigError(who, field, 'a [low, high] pair of numbers', value);
  }
  const [low, high] = value.map((v, i) => checkNumber(who, `${field}[${i}]`, v, min, max));
  if (low > high) throw new ConfigError(who, field, 'a [low, high] pair with low ≤ high', value);
  return [low, high];
}

/** Checks a probability in [0, 1]. */
export function checkProbability(who: string, value: unknown): number {
  return checkNumber(who, 'probability', value, 0, 1);
}

/** Checks that a batch is a rank-4 float tensor (NHWC). */
export function checkBatch(who: string, batch: tf.Tensor): void {
  if (batch.rank !== 4) throw new ShapeError(who, 'an NHWC batch of rank 4 (add a batch axis with expandDims(0))', batch.shape);
  if (batch.dtype !== 'float32') throw new ShapeError(who, `a float32 batch (it has dtype ${batch.dtype}; cast it with tf.cast(batch, 'float32'))`, batch.shape);
}
