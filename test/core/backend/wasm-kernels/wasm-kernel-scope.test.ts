import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WasmKernelScope, withWasmScope } from '../../../../packages/core/src/backend/wasm-kernels/wasm-kernel-scope';
import { useWasm, wasmFootprint } from './compare-with-cpu';

await useWasm();
type Backend = ConstructorParameters<typeof WasmKernelScope>[0];
const backend = () => tf.backend() as unknown as Backend;
const read = (info: tf.TensorInfo) => Array.from(backend().readSync(info.dataId) as Float32Array);

const scope = suite('WasmKernelScope');

scope('upsamples by the strides with zeros after each value', () => {
  const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  const s = new WasmKernelScope(backend());
  const up = s.upsample(x, 2, 3);
  assert.equal(up.shape, [1, 4, 6, 1]);
  assert.equal(read(up), [1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
  s.dispose();
  x.dispose();
});

scope('crops to the leading rows and returns the input itself when nothing is cropped', () => {
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
  const s = new WasmKernelScope(backend());
  assert.is(s.crop(x, [3, 2]), x);
  assert.equal(read(s.crop(x, [2, 1])), [1, 3]);
  s.dispose();
  x.dispose();
});

scope('writes int32 constants into the heap and frees them with the scope', () => {
  const ids = wasmFootprint().dataIds;
  const s = new WasmKernelScope(backend());
  const idx = s.int32([2, 0, 1]);
  assert.equal(idx.shape, [3]);
  assert.is(idx.dtype, 'int32');
  assert.equal(Array.from(backend().readSync(idx.dataId) as Int32Array), [2, 0, 1]);
  s.dispose();
  assert.is(wasmFootprint().dataIds, ids);
});

scope('makes float32 outputs that a kernel fills in place and frees them with the scope', () => {
  const before = wasmFootprint();
  const s = new WasmKernelScope(backend());
  const out = s.output([2, 3]);
  assert.equal([out.shape, out.dtype], [[2, 3], 'float32']);
  (backend().typedArrayFromHeap(out) as Float32Array).set([1, 2, 3, 4, 5, 6]);
  assert.equal(read(out), [1, 2, 3, 4, 5, 6]);
  s.dispose();
  assert.is(wasmFootprint().dataIds, before.dataIds);
});

scope('frees every intermediate but the result, and everything on error', () => {
  const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
  const before = wasmFootprint().dataIds;
  const out = withWasmScope(backend(), (s) => s.transpose(s.transpose(x, [1, 0]), [1, 0]));
  assert.is(wasmFootprint().dataIds, before + 1);
  assert.equal(read(out), [1, 2, 3, 4]);
  backend().disposeData(out.dataId);
  assert.throws(() => withWasmScope(backend(), (s) => {
    s.transpose(x, [1, 0]);
    throw new Error('boom');
  }), /boom/);
  assert.is(wasmFootprint().dataIds, before);
  x.dispose();
});

scope.run();
