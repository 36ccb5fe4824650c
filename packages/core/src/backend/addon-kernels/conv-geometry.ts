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
 * Input channels below which the wasm kernels run a convolution's weight gradient instead
 * of the addon: on the textbook CNN's first layer (28×28×1 → 16, batch 100, one thread)
 * they measured 2.5–3.1 ms a call against the addon's 3.0–4.1 (bench-addon-conv.ts): with
 * one channel the product's depth is only the 9 filter taps. The forward pass has no such
 * bound since the addon's indirect kernel takes any channel count: 2.0–2.6 ms there
 * against the wasm kernels' 3.4–4.3.
 */
export const minAddonWeightGradInChannels = 4;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
