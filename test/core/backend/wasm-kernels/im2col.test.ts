import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { im2colTransposed } from '../../../../packages/core/src/backend/wasm-kernels/im2col';
import { withWasmScope } from '../../../../packages/core/src/backend/wasm-kernels/wasm-kernel-scope';
import { leaksOnWasm, useWasm, values } from './compare-with-cpu';

await useWasm();

/** Runs im2colTransposed on a wasm tensor made from `data` and returns the columns' shape and values. */
function colsOf(data: Float32Array, xShape: [number, number, number, number], kernel: number, stride: number, pad: 'same' | 'valid' | number[][]) {
  const backend = tf.backend() as unknown as BackendWasm;
  const x = tf.tensor4d(data, xShape);
  const info = tf.backend_util.computeConv2DInfo(xShape, [kernel, kernel, xShape[3], 1], stride, 1, pad as 'same');
  const out = withWasmScope(backend, (scope) => im2colTransposed(scope, { dataId: x.dataId, shape: x.shape, dtype: 'float32' }, info));
  const result = { shape: out.shape, data: Float32Array.from(backend.readSync(out.dataId) as Float32Array), info };
  backend.disposeData(out.dataId);
  x.dispose();
  return result;
}

/** The definition, element by element: row (kh, kw), column (b, oh, ow). */
function reference(data: Float32Array, xShape: number[], info: tf.backend_util.Conv2DInfo): Float32Array {
  const [batch, h, w] = xShape;
  const { outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const out = new Float32Array(filterHeight * filterWidth * batch * outHeight * outWidth);
  let o = 0;
  for (let kh = 0; kh < filterHeight; kh++) for (let kw = 0; kw < filterWidth; kw++) {
    for (let b = 0; b < batch; b++) for (let oh = 0; oh < outHeight; oh++) for (let ow = 0; ow < outWidth; ow++) {
      const ih = oh * strideHeight + kh - padInfo.top;
      const iw = ow * strideWidth + kw - padInfo.left;
      out[o++] = ih >= 0 && ih < h && iw >= 0 && iw < w ? data[(b * h + ih) * w + iw] : 0;
    }
  }
  return out;
}

const im2col = suite('im2colTransposed');

im2col('lays out a 3×3 image\'s 2×2 patches as one row per filter tap (hand-computed)', () => {
  const { shape, data } = colsOf(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 3, 3, 1], 2, 1, 'valid');
  assert.equal(shape, [4, 4]);
  assert.equal(Array.from(data), [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
});

im2col('zero-fills the padding of a \'same\' 3×3 patch at stride 2 (hand-computed)', () => {
  const { shape, data } = colsOf(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 3, 3, 1], 3, 2, 'same');
  assert.equal(shape, [9, 4]);
  // Tap (0, 0) reads row −1 for oh = 0, column −1 for ow = 0; then rows/columns 1.
  assert.equal(Array.from(data.subarray(0, 4)), [0, 0, 0, 5]);
  // The centre tap (1, 1) reads x at rows/columns 0 and 2.
  assert.equal(Array.from(data.subarray(16, 20)), [1, 3, 7, 9]);
});

im2col('matches the definition over strides 1/2, same/valid/explicit, kernels 1/3/5, odd sizes, batch 1 and 3', () => {
  for (const stride of [1, 2]) for (const pad of ['same', 'valid', [[0, 0], [1, 2], [2, 0], [0, 0]]] as const) {
    for (const kernel of [1, 3, 5]) for (const batch of [1, 3]) {
      const xShape: [number, number, number, number] = [batch, 9, 7 + stride, 1];
      const data = values(tf.util.sizeFromShape(xShape), kernel + stride);
      const got = colsOf(data, xShape, kernel, stride, pad as 'same');
      const want = reference(data, xShape, got.info);
      assert.equal(got.shape, [kernel * kernel, batch * got.info.outHeight * got.info.outWidth]);
      assert.equal(Array.from(got.data), Array.from(want), `stride ${stride}, pad ${JSON.stringify(pad)}, kernel ${kernel}, batch ${batch}`);
    }
  }
});

im2col('refuses more than one input channel with a clear error', () => {
  assert.throws(() => colsOf(new Float32Array(18), [1, 3, 3, 2], 2, 1, 'valid'), /expects one input channel, but received 2/);
});

im2col('leaks no tensors, wasm data or heap across repeated calls', () => {
  const data = values(2 * 9 * 9, 3);
  assert.is(leaksOnWasm(() => { colsOf(data, [2, 9, 9, 1], 3, 2, 'same'); }), undefined);
});

im2col.run();
