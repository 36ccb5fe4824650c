/**
 * Resamples each image of an NHWC batch through its own affine map, with zeros outside the
 * image. The map takes an OUTPUT pixel (x, y) to the INPUT point it reads:
 * xIn = a0·x + a1·y + a2, yIn = b0·x + b1·y + b2 (the first six entries of tf.image.transform's
 * projective matrix). It is written with gather rather than tf.image.transform because the tfjs
 * 4.22 cpu Transform kernel returns after the first image of a batch, leaving the others filled
 * with the fill value; gathers also run on every backend.
 */
import * as tf from '@tensorflow/tfjs';

/** [a0, a1, a2, b0, b1, b2] for one image. */
export type AffineMatrix = readonly [number, number, number, number, number, number];

export const identityAffine: AffineMatrix = [1, 0, 0, 0, 1, 0];

export type Interpolation = 'nearest' | 'bilinear';

export function affineResample(batch: tf.Tensor4D, matrices: readonly AffineMatrix[], interpolation: Interpolation): tf.Tensor4D {
  const [n, h, w, c] = batch.shape;
  return tf.tidy(() => {
    const columns = tf.tensor2d(matrices.map((m) => [...m]), [n, 6]);
    const [a0, a1, a2, b0, b1, b2] = tf.split(columns, 6, 1).map((col) => col.reshape([n, 1, 1]));
    const xs = tf.range(0, w, 1, 'float32').reshape([1, 1, w]);
    const ys = tf.range(0, h, 1, 'float32').reshape([1, h, 1]);
    const xIn = tf.add(tf.add(tf.mul(a0, xs), tf.mul(a1, ys)), a2); // [n, h, w]
    const yIn = tf.add(tf.add(tf.mul(b0, xs), tf.mul(b1, ys)), b2);
    const pixels = batch.reshape([n * h * w, c]);
    const imageStart = tf.mul(tf.range(0, n, 1, 'int32'), h * w).reshape([n, 1, 1]);

    /** The pixels at integer points (xi, yi), 0 where they fall outside the image. */
    const read = (xi: tf.Tensor, yi: tf.Tensor): tf.Tensor => {
      const inside = tf.logicalAnd(
        tf.logicalAnd(tf.greaterEqual(xi, 0), tf.lessEqual(xi, w - 1)),
        tf.logicalAnd(tf.greaterEqual(yi, 0), tf.lessEqual(yi, h - 1)),
      );
      const index = tf.add(imageStart, tf.add(tf.mul(tf.clipByValue(yi, 0, h - 1), w), tf.clipByValue(xi, 0, w - 1)));
      const values = tf.gather(pixels, tf.cast(index, 'int32').reshape([-1])).reshape([n, h, w, c]);
      return tf.mul(values, tf.cast(inside, 'float32').expandDims(3));
    };

    if (interpolation === 'nearest') {
      // floor(x + ½) rather than round(): tf.round rounds halves to even, which would make a
      // half-pixel shift depend on parity.
      return read(tf.floor(tf.add(xIn, 0.5)), tf.floor(tf.add(yIn, 0.5))) as tf.Tensor4D;
    }
    const x0 = tf.floor(xIn);
    const y0 = tf.floor(yIn);
    const wx = tf.sub(xIn, x0).expandDims(3);
    const wy = tf.sub(yIn, y0).expandDims(3);
    const x1 = tf.add(x0, 1);
    const y1 = tf.add(y0, 1);
    const top = tf.add(tf.mul(read(x0, y0), tf.sub(1, wx)), tf.mul(read(x1, y0), wx));
    const bottom = tf.add(tf.mul(read(x0, y1), tf.sub(1, wx)), tf.mul(read(x1, y1), wx));
    return tf.add(tf.mul(top, tf.sub(1, wy)), tf.mul(bottom, wy)) as tf.Tensor4D;
  });
}
