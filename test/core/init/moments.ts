/** What the initializer tests share: the sample moments of a tensor's values. */
import * as tf from '@tensorflow/tfjs';

/** Mean, (population) variance and largest magnitude of the values of `t`. */
export function moments(t: tf.Tensor): { mean: number; variance: number; maxAbs: number } {
  const v = t.dataSync();
  let s = 0;
  let s2 = 0;
  let maxAbs = 0;
  for (const x of v) {
    s += x;
    s2 += x * x;
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const mean = s / v.length;
  return { mean, variance: s2 / v.length - mean * mean, maxAbs };
}
