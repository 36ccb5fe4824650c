/**
 * Style as feature correlations (Gatys, Ecker & Bethge 2016, "Image Style Transfer Using
 * Convolutional Neural Networks", eq. 3): for a layer with N filters and M positions,
 * G_ij = Σ_k F_ik F_jk. The style loss of that layer (eq. 4) is
 *   E = 1 / (4 N² M²) Σ_ij (G_ij − A_ij)²,
 * with A the style image's Gram matrix; the content loss (eq. 1) is ½ Σ (F − P)².
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@deeper/core';

/** G = Fᵀ F of a feature map [1, h, w, n] (or [h, w, n]): an n × n matrix. */
export function gramMatrix(features: tf.Tensor): tf.Tensor2D {
  if (features.rank !== 4 && features.rank !== 3) throw new ShapeError('gramMatrix', 'a feature map [1, h, w, n] or [h, w, n]', features.shape);
  return tf.tidy(() => {
    const n = features.shape[features.rank - 1] as number;
    const f = tf.reshape(features, [-1, n]) as tf.Tensor2D;
    return tf.matMul(f, f, true, false);
  });
}

/** Gatys's per-layer style loss E = Σ (G − A)² / (4 N² M²) for features [1, h, w, n] and the target Gram matrix A. */
export function styleLayerLoss(features: tf.Tensor, target: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const n = features.shape[features.rank - 1] as number;
    const m = features.size / n;
    return tf.div(tf.sum(tf.square(tf.sub(gramMatrix(features), target))), 4 * n * n * m * m) as tf.Scalar;
  });
}

/** Gatys's content loss ½ Σ (F − P)². */
export function contentLoss(features: tf.Tensor, target: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mul(0.5, tf.sum(tf.square(tf.sub(features, target)))) as tf.Scalar);
}

/** Total variation Σ (x_{i+1,j} − x_{i,j})² + (x_{i,j+1} − x_{i,j})² of an image [1, h, w, c] (Mahendran & Vedaldi 2015, β = 2). */
export function totalVariation(image: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => {
    const [, h, w, c] = image.shape;
    const down = tf.sub(tf.slice(image, [0, 1, 0, 0], [1, h - 1, w, c]), tf.slice(image, [0, 0, 0, 0], [1, h - 1, w, c]));
    const right = tf.sub(tf.slice(image, [0, 0, 1, 0], [1, h, w - 1, c]), tf.slice(image, [0, 0, 0, 0], [1, h, w - 1, c]));
    return tf.add(tf.sum(tf.square(down)), tf.sum(tf.square(right))) as tf.Scalar;
  });
}
