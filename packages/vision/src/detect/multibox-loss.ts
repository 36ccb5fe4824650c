/**
 * SSD's MultiBox loss (Liu et al. 2016, eq. 1 and §2.2 "Hard negative mining"):
 *   L = (1/N) (L_conf + α·L_loc),  α = 1,  N = matched default boxes (L = 0 when N = 0),
 *   L_loc  = Σ_{positives} Σ_{x,y,w,h} smoothL1(prediction − target),
 *   L_conf = Σ_{positives} −log softmax(c)[label] + Σ_{hard negatives} −log softmax(c)[0],
 * where the hard negatives of each image are its background boxes of highest confidence loss,
 * at most `negativeRatio` (3, the paper's 3:1) per positive. Mining picks boxes by the loss
 * values of this forward pass; the selection itself carries no gradient.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * smoothL1(x) = 0.5x² if |x| < 1, else |x| − 0.5 (Girshick 2015, eq. 3), written as
 * 0.5·m² + |x| − m with m = min(|x|, 1): the same function, from ops that all have gradients
 * in tfjs (a `where` on `less` has none for the comparison).
 */
export function smoothL1(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const ax = tf.abs(x);
    const m = tf.minimum(ax, 1);
    return tf.add(tf.mul(0.5, tf.square(m)), tf.sub(ax, m));
  });
}

/**
 * The loss of `outputs` [n, anchors, K + 1 + 4] (class logits, background first, then the 4
 * offsets) against `labels` [n, anchors] (int32) and `offsets` [n, anchors, 4].
 */
export function multiboxLoss(outputs: tf.Tensor3D, labels: tf.Tensor2D, offsets: tf.Tensor3D, negativeRatio = 3): tf.Scalar {
  return tf.tidy(() => {
    const [n, count, channels] = outputs.shape;
    const classes = channels - 4;
    const logits = tf.slice(outputs, [0, 0, 0], [n, count, classes]);
    const predicted = tf.slice(outputs, [0, 0, classes], [n, count, 4]);
    // Per-box confidence loss −log softmax(c)[label].
    const conf = tf.neg(tf.sum(tf.mul(tf.oneHot(labels, classes), tf.logSoftmax(logits)), -1)) as tf.Tensor2D;
    const labelValues = labels.dataSync();
    const confValues = conf.dataSync();
    const select = new Float32Array(n * count);
    let positives = 0;
    for (let b = 0; b < n; b++) {
      const negatives: number[] = [];
      let mine = 0;
      for (let i = b * count; i < (b + 1) * count; i++) {
        if (labelValues[i] > 0) {
          select[i] = 1;
          mine++;
        } else negatives.push(i);
      }
      positives += mine;
      negatives.sort((p, q) => confValues[q] - confValues[p] || p - q);
      for (const i of negatives.slice(0, Math.min(negatives.length, negativeRatio * mine))) select[i] = 1;
    }
    if (positives === 0) return tf.mul(tf.sum(outputs), 0) as tf.Scalar;
    const positive = tf.cast(tf.greater(labels, 0), 'float32');
    const confLoss = tf.sum(tf.mul(conf, tf.tensor2d(select, [n, count])));
    const locLoss = tf.sum(tf.mul(tf.sum(smoothL1(tf.sub(predicted, offsets)), -1), positive));
    return tf.div(tf.add(confLoss, locLoss), positives) as tf.Scalar;
  });
}
