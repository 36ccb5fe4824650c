/**
 * Resamples each image of an NHWC batch through its own affine map, with zeros outside the
 * image. The map takes an OUTPUT pixel (x, y) to the INPUT point it reads:
 * xIn = a0·x + a1·y + a2, yIn = b0·x + b1·y + b2 (the first six entries of tf.image.transform's
 * projective matrix, whose kernel every tfjs backend has).
 *
 * Where the current backend runs the cpu backend's Transform kernel (the cpu backend, or one
 * that borrows its kernels) the images go through it one at a time: in tfjs 4.22 that kernel
 * returns after the first image of a batch and leaves the others filled with the fill value
 * (a `return` inside the batch loop of tfjs-backend-cpu/dist/kernels/Transform.js).
 * The wasm kernel transforms whole batches correctly (checked against the cpu one image by image).
 */
import * as tf from '@tensorflow/tfjs';

/** [a0, a1, a2, b0, b1, b2] for one image. */
export type AffineMatrix = readonly [number, number, number, number, number, number];

export const identityAffine: AffineMatrix = [1, 0, 0, 0, 1, 0];

export type Interpolation = 'nearest' | 'bilinear';

export function affineResample(batch: tf.Tensor4D, matrices: readonly AffineMatrix[], interpolation: Interpolation): tf.Tensor4D {
  if (matrices.length !== batch.shape[0]) {
    throw new Error(`affineResample expects one matrix per image (${batch.shape[0]}), but received ${matrices.length}`);
  }
  if (matrices.every((m) => m.every((v, i) => v === identityAffine[i]))) return tf.clone(batch);
  return tf.tidy(() => {
    const projective = matrices.map((m) => [...m, 0, 0]);
    if (!runsCpuTransform()) {
      return tf.image.transform(batch, tf.tensor2d(projective, [matrices.length, 8]), interpolation, 'constant', 0);
    }
    const images = tf.split(batch, batch.shape[0], 0) as tf.Tensor4D[];
    return tf.concat(images.map((image, i) =>
      tf.image.transform(image, tf.tensor2d([projective[i]], [1, 8]), interpolation, 'constant', 0)), 0);
  });
}

/** Whether the current backend's Transform kernel is the cpu backend's (by its function, not the backend's name). */
function runsCpuTransform(): boolean {
  const cpu = tf.getKernel('Transform', 'cpu');
  return cpu !== undefined && tf.getKernel('Transform', tf.getBackend())?.kernelFunc === cpu.kernelFunc;
}
