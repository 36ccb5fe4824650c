import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { affineResample, identityAffine } from '../../../packages/core/src/augment/affine-resample';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';

await tf.setBackend('cpu');

const test = suite('affineResample');

test('applies each image its own matrix (the batched cpu Transform kernel does not, in tfjs 4.22)', () => {
  const batch = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 1, 4, 1]);
  // image 0: read x − 1 (content moves right by one); image 1: identity; image 2: read x + 2
  const out = affineResample(batch, [[1, 0, -1, 0, 1, 0], identityAffine, [1, 0, 2, 0, 1, 0]], 'nearest');
  assert.equal(Array.from(out.dataSync()), [0, 1, 2, 3, 5, 6, 7, 8, 11, 12, 0, 0]);
  tf.dispose([batch, out]);
});

test('bilinear interpolates halfway points and fades to zero outside', () => {
  const batch = tf.tensor4d([0, 10, 20, 30], [1, 1, 4, 1]);
  const out = affineResample(batch, [[1, 0, 0.5, 0, 1, 0]], 'bilinear'); // read x + ½
  const got = Array.from(out.dataSync());
  [5, 15, 25, 15].forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-5, `${got}`)); // last: ½·30 + ½·0
  tf.dispose([batch, out]);
});

test('all-identity matrices give a copy; leaks nothing', () => {
  const batch = tf.randomUniform([2, 3, 3, 2], 0, 1, 'float32', 10) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const same = affineResample(batch, [identityAffine, identityAffine], 'bilinear');
  const moved = affineResample(batch, [[0.9, -0.3, 1.2, 0.25, 1.1, -0.7], identityAffine], 'bilinear');
  assert.is(tf.memory().numTensors, before + 2);
  assert.is.not(same, batch);
  assert.equal(same.arraySync(), batch.arraySync());
  assert.equal(moved.slice(1, 1).arraySync(), batch.slice(1, 1).arraySync());
  tf.dispose([batch, same, moved]);
});

test('refuses a matrix count that does not match the batch', () => {
  const batch = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
  assert.throws(() => affineResample(batch, [identityAffine], 'nearest'), /one matrix per image \(2\)/);
  batch.dispose();
});

test('the batched path (wasm) agrees with the per-image cpu path', async () => {
  const values = await tf.tidy(() => tf.randomUniform([5, 9, 7, 2], 0, 1, 'float32', 11)).data();
  const matrices = Array.from({ length: 5 }, (_, i) => [0.9 + 0.05 * i, -0.3, 1.2 - i, 0.25, 1.1, -0.7 + 0.5 * i] as const);
  const onCpu = tf.tidy(() => affineResample(tf.tensor4d(values, [5, 9, 7, 2]), matrices, 'bilinear').arraySync());
  const report = await selectBackend('wasm', { quiet: true });
  try {
    assert.is(report.name, 'wasm');
    const onWasm = tf.tidy(() => affineResample(tf.tensor4d(values, [5, 9, 7, 2]), matrices, 'bilinear').arraySync());
    const diff = Math.max(...onWasm.flat(3).map((v, i) => Math.abs(v - onCpu.flat(3)[i])));
    assert.ok(diff < 1e-5, `max difference ${diff}`);
  } finally {
    await tf.setBackend('cpu');
  }
});

test.run();
