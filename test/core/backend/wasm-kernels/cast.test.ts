import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { castConfig } from '../../../../packages/core/src/backend/wasm-kernels/cast';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, wasmFootprint } from './compare-with-cpu';

await useWasm();

const cast = suite('castWasm');

cast('replaces the stock Cast kernel on wasm', () => {
  assert.is(tf.getKernel('Cast', 'wasm')?.kernelFunc, castConfig.kernelFunc);
});

cast('a cast to the same dtype shares the data: same values, no new buffer, the input still usable after the result is gone', () => {
  const x = tf.tensor2d([1.5, -2, 3, 4], [2, 2]);
  const before = wasmFootprint();
  const y = tf.cast(x, 'float32');
  assert.is(wasmFootprint().dataIds, before.dataIds);
  assert.equal(Array.from(y.dataSync()), [1.5, -2, 3, 4]);
  y.dispose();
  assert.equal(Array.from(x.dataSync()), [1.5, -2, 3, 4]);
  x.dispose();
  const i = tf.tensor1d([1, 2, 3], 'int32');
  const j = tf.cast(i, 'int32');
  assert.is(j.dtype, 'int32');
  assert.equal(Array.from(j.dataSync()), [1, 2, 3]);
  tf.dispose([i, j]);
});

cast('casts between dtypes as the cpu backend does', () => {
  assert.ok(relativeError('Cast', { x: { shape: [3, 4], data: values(12, 3).map((v) => v * 10) } }, { dtype: 'int32' }) <= 0);
  assert.ok(relativeError('Cast', { x: { shape: [5], data: Int32Array.of(1, -2, 3, 0, 7), dtype: 'int32' } }, { dtype: 'float32' }) <= 0);
  const b = tf.cast(tf.tensor1d([0, 2, -1]), 'bool');
  assert.is(b.dtype, 'bool');
  assert.equal(Array.from(b.dataSync()), [0, 1, 1]);
  b.dispose();
});

cast('leaks no tensors, wasm data or heap', () => {
  const inputs = { x: { shape: [5, 4, 8], data: values(160, 4) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Cast', inputs, { dtype: 'float32' })), undefined);
  assert.is(leaksOnWasm(() => runKernelOnWasm('Cast', inputs, { dtype: 'int32' })), undefined);
});

cast.run();
