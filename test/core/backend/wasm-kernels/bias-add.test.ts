import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addConfig } from '../../../../packages/core/src/backend/wasm-kernels/bias-add';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

const add = suite('addWasm');

add('replaces the stock Add kernel on wasm', () => {
  assert.is(tf.getKernel('Add', 'wasm')?.kernelFunc, addConfig.kernelFunc);
});

add('adds a bias over the last axis as the cpu backend does, channels a multiple of 4 or not, bias on either side', () => {
  for (const [shape, channels] of [[[2, 5, 5, 8], 8], [[3, 7, 6], 6], [[4, 3], 3], [[10, 1], 1]] as [number[], number][]) {
    const x = { shape, data: values(tf.util.sizeFromShape(shape), channels) };
    const bias = { shape: [channels], data: values(channels, 99) };
    assert.ok(relativeError('Add', { a: x, b: bias }, {}) <= 1e-6, `${shape} + [${channels}]`);
    assert.ok(relativeError('Add', { a: bias, b: x }, {}) <= 1e-6, `[${channels}] + ${shape}`);
  }
});

add('leaves every other Add to the stock kernel', () => {
  const cases: Inputs[] = [
    { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [4, 6], data: values(24, 2) } },
    { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [4, 1], data: values(4, 2) } },
    { a: { shape: [6], data: values(6, 1) }, b: { shape: [6], data: values(6, 2) } },
    { a: { shape: [3, 2], data: Int32Array.of(1, 2, 3, 4, 5, 6), dtype: 'int32' }, b: { shape: [2], data: Int32Array.of(10, 20), dtype: 'int32' } },
  ];
  for (const inputs of cases) assert.ok(relativeError('Add', inputs, {}) <= 1e-6, JSON.stringify(inputs.a.shape));
  const sum = tf.add(tf.tensor2d([[1, 2]], [1, 2], 'int32'), tf.tensor1d([3, 4], 'int32'));
  assert.is(sum.dtype, 'int32');
  assert.equal(sum.arraySync(), [[4, 6]]);
  sum.dispose();
});

add('leaks no tensors, wasm data or heap', () => {
  const inputs: Inputs = { a: { shape: [5, 4, 8], data: values(160, 4) }, b: { shape: [8], data: values(8, 5) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Add', inputs, {})), undefined);
});

add.run();
