import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sumConfig } from '../../../../packages/core/src/backend/wasm-kernels/sum';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values } from './compare-with-cpu';

await useWasm();

const sum = suite('sumWasm');

sum('replaces the stock Sum kernel on wasm', () => {
  assert.is(tf.getKernel('Sum', 'wasm')?.kernelFunc, sumConfig.kernelFunc);
});

sum('sums over leading axes, hand-computed, with and without keepDims', () => {
  const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
  const out = tf.sum(x, [0, 1]);
  assert.equal(Array.from(out.dataSync()), [16, 20]);
  const kept = tf.sum(x, [1, 0], true);
  assert.equal(kept.shape, [1, 1, 2]);
  tf.dispose([x, out, kept]);
});

sum('matches the cpu backend for leading, trailing, middle and all axes', () => {
  const shape = [5, 4, 3, 6];
  for (const axis of [[0], [0, 1], [0, 1, 2], [3], [1, 2], [0, 1, 2, 3], [-4, -3]]) {
    for (const keepDims of [false, true]) {
      const error = relativeError('Sum', { x: { shape, data: values(tf.util.sizeFromShape(shape), 25) } }, { axis, keepDims });
      assert.ok(error <= 1e-4, `${axis} ${keepDims}: ${error}`);
    }
  }
});

sum('matches the cpu backend on a bias-gradient-sized window, a single-row window and a 2-D input', () => {
  for (const [shape, axis] of [[[20, 9, 9, 7], [0, 1, 2]], [[1, 4, 3], [0]], [[300, 5], [0]]] as [number[], number[]][]) {
    const error = relativeError('Sum', { x: { shape, data: values(tf.util.sizeFromShape(shape), 27) } }, { axis, keepDims: false });
    assert.ok(error <= 1e-4, `${shape} ${axis}: ${error}`);
  }
});

sum('leaks no tensors, wasm data or heap across repeated calls', () => {
  const inputs = { x: { shape: [7, 3, 5], data: values(105, 26) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Sum', inputs, { axis: [0, 1], keepDims: false })), undefined);
});

sum.run();
