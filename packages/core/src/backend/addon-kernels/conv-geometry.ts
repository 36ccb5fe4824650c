/**
 * A convolution's geometry as the addon takes it: 15 integers in the order of
 * addon/src/addon.c's `get_geom` (batch, input H/W/C, output H/W/C, filter H/W, strides,
 * dilations, top and left padding), from tfjs's own `Conv2DInfo`, so that output sizes,
 * 'same' padding and rounding are exactly tfjs's.
 */
import * as tf from '@tensorflow/tfjs';

export function convGeometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left,
  ];
}

/** Whether any of the convolution's tensors is empty (those go to the wasm kernel). */
export function convIsEmpty(info: tf.backend_util.Conv2DInfo): boolean {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth].some((n) => n <= 0);
}

/**
 * Input channels below which the wasm kernels run a convolution's forward pass and weight
 * gradient instead of the addon: on the textbook CNN's first layer (28×28×1 → 16) they
 * measured faster (forward 4.6 against 5.8 ms, weight gradient 3.1 against 6.1 ms a call
 * at batch 100, bench-addon-conv.ts, 2 threads): with one channel a GEMM's depth is only
 * the 9 filter taps, too little work per output to pay for packing or pointers.
 */
export const minAddonInChannels = 4;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
