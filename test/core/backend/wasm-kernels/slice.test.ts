import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sliceConfig } from '../../../../packages/core/src/backend/wasm-kernels/slice';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

const slice = suite('sliceWasm');

slice('replaces the stock Slice kernel on wasm', () => {
  assert.is(tf.getKernel('Slice', 'wasm')?.kernelFunc, sliceConfig.kernelFunc);
});

slice('equals the cpu backend exactly for ranks 1–4, rows of 1–8 values, -1 sizes and a zero-padding crop', () => {
  const cases: [number[], number[], number[]][] = [
    [[10], [3], [5]], [[6, 7], [1, 2], [4, -1]], [[5, 6, 7], [1, 0, 3], [3, 6, 4]],
    [[4, 18, 18, 8], [0, 2, 2, 0], [4, 14, 14, 8]], [[3, 5, 6, 3], [1, 1, 0, 1], [2, 3, 6, 2]], [[2, 3, 4, 5], [0, 0, 0, 0], [-1, -1, -1, -1]],
  ];
  for (const [shape, begin, size] of cases) {
    const inputs: Inputs = { x: { shape, data: values(tf.util.sizeFromShape(shape), shape.length) } };
    assert.is(relativeError('Slice', inputs, { begin, size }), 0, `${shape} begin ${begin} size ${size}`);
  }
});

slice('slices int32, leaves rank 5 to the stock kernel, returns empty slices', () => {
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
  const y = tf.slice(x, [1, 1], [1, 2]);
  assert.is(y.dtype, 'int32');
  assert.equal(y.arraySync(), [[5, 6]]);
  const five = tf.slice(tf.range(0, 32).reshape([2, 2, 2, 2, 2]), [1, 0, 0, 0, 1], [1, 1, 1, 1, 1]);
  assert.equal(Array.from(five.dataSync()), [17]);
  assert.equal(tf.slice(x, [0, 0], [0, 3]).shape, [0, 3]);
  tf.dispose([x, y, five]);
});

slice('refuses a slice past the end with tfjs\'s error', () => {
  const x = tf.zeros([3, 3]);
  assert.throws(() => tf.slice(x, [2, 0], [2, 3]), /slice/i);
  x.dispose();
});

slice('leaks no tensors, wasm data or heap', () => {
  const inputs: Inputs = { x: { shape: [3, 8, 8, 4], data: values(768, 9) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Slice', inputs, { begin: [0, 1, 1, 0], size: [3, 6, 6, 4] })), undefined);
});

slice.run();
