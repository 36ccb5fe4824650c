import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { translation } from '../../../packages/core/src/augment/translation';

await tf.setBackend('cpu');

const test = suite('translation');

test('a shift of 0.25·width = 1 pixel right and 0.5·height = 2 pixels down moves a known pixel', () => {
  const values = new Float32Array(2 * 4 * 4);
  values[1 * 4 + 1] = 1; // image 0: pixel at (x=1, y=1)
  values[16 + 0 * 4 + 3] = 1; // image 1: pixel at (x=3, y=0), pushed off the right edge
  const batch = tf.tensor4d(values, [2, 4, 4, 1]);
  const out = translation({ x: [0.25, 0.25], y: [0.5, 0.5] })(batch, 0);
  const got = out.dataSync();
  const expected = new Float32Array(32);
  expected[3 * 4 + 2] = 1; // (x=2, y=3)
  assert.equal(Array.from(got), Array.from(expected));
  tf.dispose([batch, out]);
});

test('deterministic under a seed and leak-free', () => {
  const batch = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  const augment = translation();
  const before = tf.memory().numTensors;
  const a = augment(batch, 7);
  const b = augment(batch, 7);
  assert.is(tf.memory().numTensors, before + 2);
  assert.equal(a.arraySync(), b.arraySync());
  tf.dispose([batch, a, b]);
});

test('refuses shifts beyond the image', () => {
  assert.throws(() => translation({ x: [-2, 0] }), /x\[0\]/);
});

test.run();
