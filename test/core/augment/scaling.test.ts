import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scaling } from '../../../packages/core/src/augment/scaling';

await tf.setBackend('cpu');

const test = suite('scaling');

test('zoom 2 about the centre of a 5×5 image reads input (x + 2)/2', () => {
  // out(x) reads in(2 + (x − 2)/2): x = 0 → 1, x = 2 → 2, x = 4 → 3 (exact grid points).
  const row = [0, 10, 20, 30, 40];
  const batch = tf.tensor4d(Array.from({ length: 5 }, () => row).flat(), [1, 5, 5, 1]);
  const out = scaling({ zoom: [2, 2] })(batch, 0);
  const got = (out.arraySync() as number[][][][])[0][2].map((px) => px[0]);
  // x = 1 reads 1.5 → bilinear 15; x = 3 reads 2.5 → 25.
  [10, 15, 20, 25, 30].forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-4, `${got}`));
  tf.dispose([batch, out]);
});

test('zoom ½ shrinks the content and leaves a zero border', () => {
  const batch = tf.ones([1, 5, 5, 1]) as tf.Tensor4D;
  const out = scaling({ zoom: [0.5, 0.5], interpolation: 'nearest' })(batch, 0);
  const got = out.arraySync() as number[][][][];
  assert.is(got[0][0][0][0], 0); // the corner reads (−2, −2): outside
  assert.is(got[0][2][2][0], 1); // the centre stays
  tf.dispose([batch, out]);
});

test('refuses a zero zoom', () => {
  assert.throws(() => scaling({ zoom: [0, 1] }), /factors > 0/);
});

test.run();
