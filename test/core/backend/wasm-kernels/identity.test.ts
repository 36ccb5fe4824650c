import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { identityConfig } from '../../../../packages/core/src/backend/wasm-kernels/identity';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, wasmFootprint } from './compare-with-cpu';

await useWasm();

const identity = suite('identityWasm');

identity('replaces the stock Identity kernel on wasm', () => {
  assert.is(tf.getKernel('Identity', 'wasm')?.kernelFunc, identityConfig.kernelFunc);
});

identity('clones without copying: no new data buffer in the engine or on wasm', () => {
  const x = tf.tensor2d(values(600, 70), [20, 30]);
  const before = { buffers: tf.memory().numDataBuffers, ids: wasmFootprint().dataIds };
  const y = tf.clone(x);
  assert.is(tf.memory().numDataBuffers, before.buffers);
  assert.is(wasmFootprint().dataIds, before.ids);
  assert.equal(Array.from(y.dataSync()), Array.from(x.dataSync()));
  tf.dispose([x, y]);
});

identity('a clone outlives its source, and the buffer is freed with the last holder', () => {
  const ids = wasmFootprint().dataIds;
  const x = tf.tensor1d([1.5, -2, 3]);
  const y = tf.clone(x);
  x.dispose();
  assert.equal(Array.from(y.dataSync()), [1.5, -2, 3]);
  y.dispose();
  assert.is(wasmFootprint().dataIds, ids);
});

identity('matches the cpu backend for float32 and int32', () => {
  assert.is(relativeError('Identity', { x: { shape: [3, 4, 5], data: values(60, 71) } }, {}), 0);
  assert.is(relativeError('Identity', { x: { shape: [7], data: Int32Array.from([1, -2, 3, 4, 5, 6, 7]), dtype: 'int32' } }, {}), 0);
});

identity('keeps the gradients of a small net equal to the cpu backend (the engine saves tensors through Identity)', () => {
  const grads = (backend: string) => {
    tf.setBackend(backend);
    const w = tf.tensor4d(values(3 * 3 * 2 * 3, 72), [3, 3, 2, 3]);
    const x = tf.tensor4d(values(2 * 6 * 6 * 2, 73), [2, 6, 6, 2]);
    const g = tf.grad((ww: tf.Tensor) => tf.relu(tf.conv2d(x, ww as tf.Tensor4D, 1, 'same')).square().sum())(w);
    const out = Float32Array.from(g.dataSync());
    tf.dispose([w, x, g]);
    return out;
  };
  const onWasm = grads('wasm');
  const onCpu = grads('cpu');
  tf.setBackend('wasm');
  let diff = 0;
  let scale = 0;
  onCpu.forEach((c, i) => { diff = Math.max(diff, Math.abs(c - onWasm[i])); scale = Math.max(scale, Math.abs(c)); });
  assert.ok(diff / scale <= 1e-4, `relative error ${diff / scale}`);
});

identity('leaks no tensors, wasm data or heap across repeated calls', () => {
  assert.is(leaksOnWasm(() => runKernelOnWasm('Identity', { x: { shape: [4, 5], data: values(20, 74) } }, {})), undefined);
});

identity.run();
