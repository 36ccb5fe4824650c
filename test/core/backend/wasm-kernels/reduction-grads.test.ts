import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RepeatRows, repeatRows } from '../../../../packages/core/src/backend/wasm-kernels/repeat-rows';
import { relativeDifference, useWasm, values } from './compare-with-cpu';

await useWasm();

const repeat = suite('repeatRows');

repeat('repeats v along a new leading axis on wasm (the native kernel) and cpu (tile), channels a multiple of 4 or not', () => {
  for (const [shape, rows] of [[[5], 3], [[2, 3], 4], [[8], 7], [[1], 2]] as [number[], number][]) {
    for (const backend of ['wasm', 'cpu']) {
      tf.setBackend(backend);
      const v = tf.tensor(values(tf.util.sizeFromShape(shape), 2), shape);
      const out = repeatRows(v, rows);
      assert.equal(out.shape, [rows, ...shape]);
      const data = out.dataSync();
      const source = v.dataSync();
      for (let i = 0; i < data.length; i++) assert.is(data[i], source[i % source.length], `${backend} ${shape} × ${rows} at ${i}`);
      tf.dispose([v, out]);
    }
  }
  tf.setBackend('wasm');
  assert.ok(tf.getKernel(RepeatRows, 'wasm'));
});

repeat('has the sum over rows as its gradient', () => {
  const v = tf.tensor1d([1, 2, 3]);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(repeatRows(t, 2), tf.tensor2d([[1, 2, 3], [4, 5, 6]]))))(v);
  assert.equal(Array.from(g.dataSync()), [5, 7, 9]);
  tf.dispose([v, g]);
});

repeat.run();

const grads = suite('meanGradConfig, sumGradConfig');

function gradOf(backend: string, reduce: 'mean' | 'sum', shape: number[], axis: number[], keepDims: boolean): Float32Array {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor(values(tf.util.sizeFromShape(shape), 5), shape);
    const f = (t: tf.Tensor) => {
      const r = reduce === 'mean' ? tf.mean(t, axis, keepDims) : tf.sum(t, axis, keepDims);
      return tf.sum(tf.mul(r, tf.tensor(values(r.size, 9), r.shape)));
    };
    return Float32Array.from(tf.grad(f)(x).dataSync());
  });
}

grads('mean over leading axes, hand-computed: dy / count, repeated over the reduced rows', () => {
  tf.setBackend('wasm');
  const x = tf.zeros([2, 2, 3]);
  const dy = tf.tensor1d([4, 8, 12]);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mean(t, [0, 1]), dy)))(x);
  assert.equal(Array.from(g.dataSync()), [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  tf.dispose([x, dy, g]);
});

grads('wasm agrees with cpu for leading, trailing, middle and all axes, with and without keepDims', () => {
  const shape = [4, 3, 2, 5];
  for (const reduce of ['mean', 'sum'] as const) {
    for (const axis of [[0], [0, 1, 2], [3], [1, 2], [0, 1, 2, 3], [-4, -3]]) {
      for (const keepDims of [false, true]) {
        const onWasm = gradOf('wasm', reduce, shape, axis, keepDims);
        const onCpu = gradOf('cpu', reduce, shape, axis, keepDims);
        assert.ok(relativeDifference(onWasm, onCpu) <= 1e-6, `${reduce} ${axis} ${keepDims}`);
      }
    }
  }
  tf.setBackend('wasm');
});

grads('runs DeeperRepeatRows, not a ones tensor, for a leading-axes mean on wasm, and leaks nothing', async () => {
  tf.setBackend('wasm');
  const x = tf.tensor(values(60, 1), [3, 4, 5]);
  const step = () => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.mean(t, [0, 1]))))(x));
  step();
  const before = tf.memory().numTensors;
  const profile = await tf.profile(step);
  assert.is(tf.memory().numTensors, before);
  assert.ok(profile.kernelNames.includes(RepeatRows), profile.kernelNames.join(', '));
  x.dispose();
});

grads.run();
