/**
 * The gradients of `Mean` and `Sum` (replace tfjs's). For a reduction over leading axes —
 * batch norm's moments over [B, H, W] of an NHWC activation, every bias-like sum — dx is
 * dy (divided by the count, for the mean) repeated over the reduced rows, which
 * `repeatRows` writes in one pass. tfjs multiplies dy by a ones tensor of x's shape that it
 * fills in JavaScript (repeat-rows.ts says what that cost); other axes keep its formula.
 */
import * as tf from '@tensorflow/tfjs';
import { repeatRows } from './repeat-rows';

/** dx of a mean (`divideByCount`) or sum of x over `axis`, for the reduced dy. */
function reductionGrad(dy: tf.Tensor, x: tf.Tensor, axis: number | number[], divideByCount: boolean): tf.Tensor {
  const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
  const count = tf.util.sizeFromShape(axes.map((a) => x.shape[a]));
  const scaled = divideByCount ? tf.div(dy, tf.scalar(count)) : dy;
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (leading && x.dtype === 'float32') {
    const rest = x.shape.slice(axes.length);
    return tf.reshape(repeatRows(tf.reshape(scaled, rest), count), x.shape);
  }
  // tfjs's formula: dy, with the reduced axes kept as 1s, times ones of x's shape.
  const expanded = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
  return tf.mul(tf.reshape(scaled, expanded), tf.ones(x.shape, 'float32'));
}

/** The gradient of `Mean` (replaces tfjs's). */
export const meanGradConfig: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs as unknown as tf.MeanAttrs;
    return { x: () => reductionGrad(dy as tf.Tensor, x, axis, true) };
  },
};

/** The gradient of `Sum` (replaces tfjs's). */
export const sumGradConfig: tf.GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { axis } = attrs as unknown as tf.SumAttrs;
    return { x: () => reductionGrad(dy as tf.Tensor, x, axis, false) };
  },
};
