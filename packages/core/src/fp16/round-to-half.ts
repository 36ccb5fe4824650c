/**
 * Half-precision evaluation by emulation: weights (and the input) are rounded to the
 * nearest float16 and the forward pass runs in float32. This is what a model saved with
 * `saveModel(..., { dtype: 'float16' })` computes after loading, so it answers "how much
 * accuracy does halving the file cost?". Activations are not rounded: tfjs's cpu backend
 * has no float16 arithmetic to emulate faithfully.
 */
import * as tf from '@tensorflow/tfjs';
import { roundToHalfPrecision } from './half-float';

/** Rounds, in place, every float32 weight of `model` (trainable or not) to half precision. */
export function roundToHalf<M extends tf.LayersModel>(model: M): M {
  const rounded = model.weights.map((w) => {
    const value = w.read();
    if (value.dtype !== 'float32') return value.clone();
    return tf.tensor(roundToHalfPrecision(value.dataSync()), value.shape, 'float32');
  });
  model.setWeights(rounded);
  tf.dispose(rounded);
  return model;
}

/**
 * `model.predict(x)` with the weights and `x` rounded to half precision; the model's own
 * weights are restored afterwards, even if `predict` throws.
 */
export function evaluateInHalfPrecision(model: tf.LayersModel, x: tf.Tensor): tf.Tensor {
  const originals = model.weights.map((w) => w.read().clone());
  try {
    roundToHalf(model);
    return tf.tidy(() => {
      const halfX = x.dtype === 'float32' ? tf.tensor(roundToHalfPrecision(x.dataSync()), x.shape, 'float32') : x;
      return model.predict(halfX) as tf.Tensor;
    });
  } finally {
    model.setWeights(originals);
    tf.dispose(originals);
  }
}
