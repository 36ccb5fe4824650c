import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unsortedSegmentSumConfig } from '../../../../packages/core/src/backend/wasm-kernels/unsorted-segment-sum';
import { leaksOnWasm, relativeDifference, relativeError, runKernelOnWasm, useWasm, values } from './compare-with-cpu';

await useWasm();

const unsortedSegmentSum = suite('unsortedSegmentSumWasm');

unsortedSegmentSum('is the kernel registered for UnsortedSegmentSum on wasm', () => {
  assert.is(tf.getKernel('UnsortedSegmentSum', 'wasm')?.kernelFunc, unsortedSegmentSumConfig.kernelFunc);
});

unsortedSegmentSum('sums rows by segment id, hand-computed, dropping out-of-range ids', () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
  const ids = tf.tensor1d([2, 0, 2, 7], 'int32');
  const out = tf.unsortedSegmentSum(x, ids, 3);
  assert.equal(out.shape, [3, 2]);
  assert.equal(Array.from(out.dataSync()), [3, 4, 0, 0, 6, 8]);
  tf.dispose([x, ids, out]);
});

unsortedSegmentSum('matches the cpu backend for rank 1 to 4 data and many segments', () => {
  for (const [shape, segments] of [[[7], 3], [[10, 5], 4], [[6, 3, 4], 9], [[5, 2, 3, 2], 2]] as [number[], number][]) {
    const rows = shape[0];
    const ids = Int32Array.from({ length: rows }, (_, i) => (i * 7 + 3) % segments);
    const error = relativeError('UnsortedSegmentSum', {
      x: { shape, data: values(tf.util.sizeFromShape(shape), 8) },
      segmentIds: { shape: [rows], data: ids, dtype: 'int32' },
    }, { numSegments: segments });
    assert.ok(error <= 1e-4, `${shape}: ${error}`);
  }
});

unsortedSegmentSum('gives gather its gradient on wasm (the Q(s, a) selection of DQN)', () => {
  const q = tf.tensor2d(values(32 * 4, 9), [32, 4]);
  const actions = tf.tensor1d(Int32Array.from({ length: 32 }, (_, i) => i % 4), 'int32');
  const weights = tf.tensor1d(values(32, 10));
  const select = (qs: tf.Tensor) => {
    const flat = qs.reshape([-1]);
    const index = tf.range(0, 32, 1, 'int32').mul(tf.scalar(4, 'int32')).add(actions);
    return tf.gather(flat, index).mul(weights).sum();
  };
  const onWasm = tf.grad(select)(q);
  const expected = new Float32Array(32 * 4);
  const w = weights.dataSync();
  for (let i = 0; i < 32; i++) expected[i * 4 + (i % 4)] = w[i];
  assert.ok(relativeDifference(onWasm.dataSync(), expected) <= 1e-6);
  tf.dispose([q, actions, weights, onWasm]);
});

unsortedSegmentSum('int32 data: the same sums and dtype (float32) as the cpu backend', () => {
  const run = (backend: string) => {
    tf.setBackend(backend);
    const x = tf.tensor1d([1, 2, 3, 4], 'int32');
    const ids = tf.tensor1d([1, 1, 0, 1], 'int32');
    const out = tf.unsortedSegmentSum(x, ids, 2);
    const result = { dtype: out.dtype, values: Array.from(out.dataSync()) };
    tf.dispose([x, ids, out]);
    return result;
  };
  const onWasm = run('wasm');
  assert.equal(onWasm, run('cpu'));
  assert.equal(onWasm.values, [3, 7]);
  tf.setBackend('wasm');
});

unsortedSegmentSum('100,000 rows into 100,000 segments (a one-hot product would need 10¹⁰ floats): the sums of a plain loop', () => {
  const rows = 100_000;
  const width = 3;
  const ids = Int32Array.from({ length: rows }, (_, i) => (i * 7919) % rows);
  ids[5] = -1; // dropped
  ids[6] = rows; // dropped
  const data = Float32Array.from({ length: rows * width }, (_, i) => ((i * 37) % 101) / 10 - 5);
  const x = tf.tensor2d(data, [rows, width]);
  const segmentIds = tf.tensor1d(ids, 'int32');
  const out = tf.unsortedSegmentSum(x, segmentIds, rows);
  const expected = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) {
    if (ids[i] < 0 || ids[i] >= rows) continue;
    for (let k = 0; k < width; k++) expected[ids[i] * width + k] += data[i * width + k];
  }
  assert.ok(relativeDifference(out.dataSync(), expected) <= 1e-6);
  tf.dispose([x, segmentIds, out]);
});

unsortedSegmentSum('leaks no tensors, wasm data or heap across repeated calls', () => {
  const inputs = {
    x: { shape: [40, 6], data: values(240, 11) },
    segmentIds: { shape: [40], data: Int32Array.from({ length: 40 }, (_, i) => i % 5), dtype: 'int32' as const },
  };
  assert.is(leaksOnWasm(() => runKernelOnWasm('UnsortedSegmentSum', inputs, { numSegments: 5 })), undefined);
});

unsortedSegmentSum.run();
