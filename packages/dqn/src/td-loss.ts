/**
 * The loss on TD errors δ = Q(s, a) − y, element by element:
 * - 'huber': δ²/2 for |δ| ≤ κ, κ(|δ| − κ/2) beyond (Huber 1964; κ = 1 is PyTorch's
 *   smooth_l1_loss, which MinAtar's reference uses, and the "error clipping" of Mnih et al. 2015);
 * - 'mse': δ² (PyTorch's mse_loss, without the ½).
 */
import * as tf from '@tensorflow/tfjs';

export type TdLossName = 'huber' | 'mse';

/** Elementwise loss of `tdError` (any shape). */
export function tdLoss(name: TdLossName, tdError: tf.Tensor, huberDelta = 1): tf.Tensor {
  return tf.tidy(() => {
    if (name === 'mse') return tf.square(tdError);
    const absolute = tf.abs(tdError);
    const quadratic = tf.minimum(absolute, huberDelta); // the part of |δ| inside κ
    const linear = tf.sub(absolute, quadratic); // the part beyond
    return tf.add(tf.mul(tf.square(quadratic), 0.5), tf.mul(linear, huberDelta)); // ½ q² + κ l
  });
}
