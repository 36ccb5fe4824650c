/**
 * The bilinear-interpolation kernel that FCN initialises its upsampling layers with (Long,
 * Shelhamer & Darrell 2015, "Fully Convolutional Networks for Semantic Segmentation", §3.3:
 * "we initialize the 2× upsampling to bilinear interpolation"; the reference code's
 * `upsample_filt`). For factor f the kernel is 2f wide, centred at f − ½, with weight
 * (1 − |t − c|/f) per axis; applied by a stride-f transposed convolution with 'same' padding
 * it interpolates between input pixel centres.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '@deeper/core';

/** The 2f × 2f bilinear weights, row-major. */
export function bilinearWeights(factor: number): Float32Array {
  checkInteger('bilinearWeights', 'factor', factor);
  const size = 2 * factor;
  const centre = factor - 0.5;
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) out[y * size + x] = (1 - Math.abs(y - centre) / factor) * (1 - Math.abs(x - centre) / factor);
  }
  return out;
}

/**
 * A conv2dTranspose kernel [2f, 2f, channels, channels] that upsamples each channel on its own
 * (bilinear on the diagonal, zero across channels), as FCN's per-class score upsampling.
 */
export function bilinearKernel(factor: number, channels: number): tf.Tensor4D {
  checkInteger('bilinearKernel', 'channels', channels);
  const weights = bilinearWeights(factor);
  const size = 2 * factor;
  const kernel = new Float32Array(size * size * channels * channels);
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < channels; c++) kernel[(p * channels + c) * channels + c] = weights[p];
  }
  return tf.tensor4d(kernel, [size, size, channels, channels]);
}
