import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { axisSwapOf, transposeConfig } from '../../../../packages/core/src/backend/wasm-kernels/transpose';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

const plan = suite('axisSwapOf');

plan('reduces the permutations training makes to one swap of neighbouring axis groups', () => {
  assert.equal(axisSwapOf([100, 12544], [1, 0]), { a: 1, b: 100, c: 12544, d: 1 });
  assert.equal(axisSwapOf([100, 28, 28, 16], [1, 2, 0, 3]), { a: 1, b: 100, c: 784, d: 16 });
  assert.equal(axisSwapOf([784, 16, 100], [1, 0, 2]), { a: 1, b: 784, c: 16, d: 100 });
  assert.equal(axisSwapOf([6, 5, 4, 3], [0, 2, 1, 3]), { a: 6, b: 5, c: 4, d: 3 });
  assert.equal(axisSwapOf([6, 5, 4], [0, 2, 1]), { a: 6, b: 5, c: 4, d: 1 });
});

plan('drops size-1 axes and merges axes that stay neighbours', () => {
  assert.equal(axisSwapOf([1, 7, 1, 5], [3, 2, 0, 1]), { a: 1, b: 7, c: 5, d: 1 });
  assert.equal(axisSwapOf([2, 3, 4, 5], [2, 3, 0, 1]), { a: 1, b: 6, c: 20, d: 1 });
  assert.equal(axisSwapOf([2, 3, 4], [0, 1, 2]), { a: 1, b: 1, c: 1, d: 24 });
});

plan('leaves permutations that are not one swap to the stock kernel', () => {
  assert.is(axisSwapOf([2, 3, 4, 5], [3, 1, 2, 0]), undefined);
  assert.is(axisSwapOf([2, 3, 4], [2, 1, 0]), undefined);
  assert.equal(axisSwapOf([2, 3, 4], [1, 2, 0]), { a: 1, b: 2, c: 12, d: 1 });
});

const kernel = suite('transposeWasm');

kernel('replaces the stock Transpose kernel on wasm', () => {
  assert.is(tf.getKernel('Transpose', 'wasm')?.kernelFunc, transposeConfig.kernelFunc);
});

const cases: [number[], number[]][] = [
  [[5, 7], [1, 0]], [[13, 9], [1, 0]], [[8, 12], [1, 0]], [[3, 5, 7], [0, 2, 1]], [[3, 5, 7], [1, 0, 2]],
  [[2, 3, 4, 5], [0, 2, 1, 3]], [[4, 3, 5, 8], [1, 2, 0, 3]], [[4, 3, 5, 2], [1, 2, 0, 3]], [[3, 4, 5, 3], [0, 2, 1, 3]],
  [[2, 3, 4, 5], [3, 1, 2, 0]], [[2, 3, 4, 5, 2], [4, 3, 2, 1, 0]], [[1, 6, 1, 5], [3, 2, 0, 1]], [[2, 3], [0, 1]],
];

kernel('equals the cpu backend exactly over 2D to 5D permutations, ragged sizes and rows of 1–8 values', () => {
  for (const [shape, perm] of cases) {
    const inputs: Inputs = { x: { shape, data: values(tf.util.sizeFromShape(shape), shape.length + perm[0]) } };
    assert.is(relativeError('Transpose', inputs, { perm }), 0, `${shape} perm ${perm}`);
  }
});

kernel('moves int32 values and empty tensors', () => {
  const x = tf.tensor3d(Int32Array.from({ length: 60 }, (_, i) => i * 7 - 100), [3, 4, 5], 'int32');
  const y = tf.transpose(x, [0, 2, 1]);
  assert.is(y.dtype, 'int32');
  const xs = x.arraySync() as number[][][];
  assert.equal(y.arraySync(), xs.map((m) => m[0].map((_, j) => m.map((row) => row[j]))));
  const empty = tf.transpose(tf.zeros([0, 4]), [1, 0]);
  assert.equal(empty.shape, [4, 0]);
  tf.dispose([x, y, empty]);
});

kernel('leaks no tensors, wasm data or heap', () => {
  const inputs: Inputs = { x: { shape: [6, 10, 8], data: values(480, 3) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Transpose', inputs, { perm: [1, 0, 2] })), undefined);
});

plan.run();
kernel.run();
