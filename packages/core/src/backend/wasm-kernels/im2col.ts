/**
 * Transposed im2col on the wasm heap: the patches a convolution reads, one row per filter
 * tap, so that a convolution's weight gradient becomes one untransposed XNNPACK GEMM
 * (wasm's fast path) with no transpose before or after it.
 *
 * XNNPACK's convolution is slow where the GEMM it implies is thin: with one input channel
 * (the first layer of an image network) the composed weight gradient of a 3×3 layer is a
 * convolution whose "filter" is the whole output gradient and whose output is 3×3×16
 * (see conv2d-backprop-filter.ts for the figures).
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmKernelScope } from './wasm-kernel-scope';

/** The geometry of one NHWC convolution, as `tf.backend_util.computeConv2DInfo` gives it. */
export type Im2colGeometry = Pick<tf.backend_util.Conv2DInfo,
  'batchSize' | 'inHeight' | 'inWidth' | 'inChannels' | 'outHeight' | 'outWidth' | 'filterHeight' | 'filterWidth'
  | 'strideHeight' | 'strideWidth' | 'padInfo'>;

/**
 * x [B, H, W, 1] → colsᵀ [KH·KW, B·OH·OW]: row (kh, kw), column (b, oh, ow) holds
 * x[b, oh·sh + kh − padTop, ow·sw + kw − padLeft], zero where that falls in the padding.
 * One input channel and dilation 1 only; one pass over the output, copying whole output
 * rows at stride 1. The result is recorded in `scope` like any other intermediate.
 */
export function im2colTransposed(scope: WasmKernelScope, x: tf.TensorInfo, g: Im2colGeometry): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = g;
  if (inChannels !== 1) throw new Error(`im2colTransposed expects one input channel, but received ${inChannels}; use the XNNPACK path`);
  const { top, left } = g.padInfo;
  const columns = batchSize * outHeight * outWidth;
  const cols = scope.output([filterHeight * filterWidth, columns]);
  // Views are taken after the allocation: growing the heap detaches earlier ones.
  const src = scope.backend.typedArrayFromHeap(x) as Float32Array;
  const dst = scope.backend.typedArrayFromHeap(cols) as Float32Array;
  let o = 0;
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      // Output columns whose tap kw lands inside the image: w = ow·sw + kw − left ∈ [0, W).
      const w0 = kw - left;
      const owFirst = Math.min(outWidth, Math.max(0, Math.ceil(-w0 / strideWidth)));
      const owEnd = Math.max(owFirst, Math.min(outWidth, Math.floor((inWidth - 1 - w0) / strideWidth) + 1));
      for (let b = 0; b < batchSize; b++) {
        const image = b * inHeight * inWidth;
        for (let oh = 0; oh < outHeight; oh++) {
          const h = oh * strideHeight + kh - top;
          if (h < 0 || h >= inHeight) {
            dst.fill(0, o, o + outWidth);
          } else {
            if (owFirst > 0) dst.fill(0, o, o + owFirst);
            const from = image + h * inWidth + owFirst * strideWidth + w0;
            if (strideWidth === 1) {
              dst.set(src.subarray(from, from + owEnd - owFirst), o + owFirst);
            } else {
              for (let ow = owFirst, i = from; ow < owEnd; ow++, i += strideWidth) dst[o + ow] = src[i];
            }
            if (owEnd < outWidth) dst.fill(0, o + owEnd, o + outWidth);
          }
          o += outWidth;
        }
      }
    }
  }
  return cols;
}
