/**
 * FCN's loss (Long et al. 2015, §3): the softmax cross-entropy of every pixel, summed over the
 * classes and averaged over pixels and images,
 *   L = −(1 / N·H·W) Σ_{n,i,j} log softmax(score_{n,i,j})[mask_{n,i,j}].
 * (The paper sums over pixels, unnormalised, with a tiny learning rate; the mean makes the
 * learning rate independent of the image size.)
 */
import * as tf from '@tensorflow/tfjs';

/** Mean per-pixel cross-entropy of `logits` [n, h, w, classes] against `mask` [n, h, w] (int32 class indices). */
export function pixelCrossEntropy(mask: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[logits.shape.length - 1] as number;
    const flatLogits = tf.reshape(logits, [-1, classes]);
    const targets = tf.oneHot(tf.reshape(mask, [-1]) as tf.Tensor1D, classes);
    // log softmax = logit − logsumexp(logits); the mean over pixels of −Σ target · log softmax.
    const logProbs = tf.logSoftmax(flatLogits);
    return tf.neg(tf.mean(tf.sum(tf.mul(targets, logProbs), -1))) as tf.Scalar;
  });
}
