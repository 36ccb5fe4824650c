import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rotation, rotationMatrix } from '../../../packages/core/src/augment/rotation';

await tf.setBackend('cpu');

// Two 3×3 single-channel images, values 1..9 and 11..19 row by row.
const grid = (offset: number) => [[1, 2, 3], [4, 5, 6], [7, 8, 9]].map((row) => row.map((v) => [v + offset]));
const batchOf = () => tf.tensor4d([grid(0), grid(10)]);

const test = suite('rotation');

test('90° turns a square counter-clockwise: out[y][x] = in[x][N−1−y]', () => {
  const batch = batchOf();
  const out = rotation({ degrees: [90, 90], interpolation: 'nearest' })(batch, 0);
  // By hand: the right column (3, 6, 9) becomes the top row, read top to bottom → left to right.
  const expected = [[3, 6, 9], [2, 5, 8], [1, 4, 7]];
  const got = out.arraySync() as number[][][][];
  for (const [b, offset] of [[0, 0], [1, 10]]) {
    assert.equal(got[b].map((row) => row.map((px) => Math.round(px[0] * 1e4) / 1e4)), expected.map((row) => row.map((v) => v + offset)));
  }
  // Bilinear reads exact grid points at 90°, so it agrees.
  const bilinear = rotation({ degrees: [90, 90] })(batch, 0);
  assert.ok(tf.max(tf.abs(tf.sub(bilinear, out))).dataSync()[0] < 1e-5);
  tf.dispose([batch, out, bilinear]);
});

test('0° is the identity; 180° twice is the identity', () => {
  const batch = batchOf();
  const zero = rotation({ degrees: [0, 0] })(batch, 3);
  assert.equal(zero.arraySync(), batch.arraySync());
  const half = rotation({ degrees: [180, 180], interpolation: 'nearest' });
  const once = half(batch, 1);
  const twice = half(once, 2);
  assert.equal(twice.arraySync(), batch.arraySync());
  tf.dispose([batch, zero, once, twice]);
});

test('rotationMatrix keeps the centre fixed', () => {
  const [a0, a1, a2, b0, b1, b2] = rotationMatrix(37, 5, 7);
  const cx = 2;
  const cy = 3;
  assert.ok(Math.abs(a0 * cx + a1 * cy + a2 - cx) < 1e-12 && Math.abs(b0 * cx + b1 * cy + b2 - cy) < 1e-12);
});

test('same seed, same output; probability 0 leaves images alone; no leaks', () => {
  const batch = tf.randomUniform([4, 6, 6, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
  const augment = rotation({ degrees: [-30, 30] });
  const before = tf.memory().numTensors;
  const a = augment(batch, 42);
  assert.is(tf.memory().numTensors, before + 1);
  const b = augment(batch, 42);
  const c = augment(batch, 43);
  assert.equal(a.arraySync(), b.arraySync());
  assert.not.equal(a.arraySync(), c.arraySync());
  const never = rotation({ probability: 0, degrees: [-30, 30] })(batch, 42);
  assert.equal(never.arraySync(), batch.arraySync());
  tf.dispose([batch, a, b, c, never]);
});

test('refuses bad configs and inputs', () => {
  assert.throws(() => rotation({ degrees: [10, -10] }), /low ≤ high/);
  assert.throws(() => rotation({ degrees: 10 as never }), /\[low, high\]/);
  assert.throws(() => rotation({ probability: 1.5 }), /probability/);
  assert.throws(() => rotation({ interpolation: 'cubic' as never }), /interpolation/);
  const image = tf.zeros([3, 3, 1]);
  assert.throws(() => rotation()(image as never, 0), /rank 4/);
  image.dispose();
});

test.run();
