import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { meanConfig } from '../../../../packages/core/src/backend/wasm-kernels/mean';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values } from './compare-with-cpu';

await useWasm();

const mean = suite('meanWasm');

mean('replaces the stock Mean kernel on wasm', () => {
  assert.is(tf.getKernel('Mean', 'wasm')?.kernelFunc, meanConfig.kernelFunc);
});

mean('averages over leading axes, hand-computed, with and without keepDims', () => {
  const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
  const out = tf.mean(x, [0, 1]);
  assert.equal(Array.from(out.dataSync()), [4, 5]);
  const kept = tf.mean(x, [1, 0], true);
  assert.equal(kept.shape, [1, 1, 2]);
  assert.equal(Array.from(kept.dataSync()), [4, 5]);
  tf.dispose([x, out, kept]);
});

mean('matches the cpu backend for leading, trailing, middle and all axes', () => {
  const shape = [5, 4, 3, 6];
  for (const axis of [[0], [0, 1], [0, 1, 2], [3], [1, 2], [0, 1, 2, 3], [-4, -3]]) {
    for (const keepDims of [false, true]) {
      const error = relativeError('Mean', { x: { shape, data: values(tf.util.sizeFromShape(shape), 25) } }, { axis, keepDims });
      assert.ok(error <= 1e-5, `${axis} ${keepDims}: ${error}`);
    }
  }
  // A window of one row goes to the stock kernel.
  assert.ok(relativeError('Mean', { x: { shape: [1, 6], data: values(6, 3) } }, { axis: [0], keepDims: false }) <= 1e-6);
});

mean('leaks no tensors, wasm data or heap', () => {
  const inputs = { x: { shape: [5, 4, 8], data: values(160, 4) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Mean', inputs, { axis: [0, 1], keepDims: false })), undefined);
});

mean.run();
