import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { brightness } from '../../../packages/core/src/augment/brightness';

await tf.setBackend('cpu');

const test = suite('brightness');

test('a fixed delta raises every image mean by exactly delta', () => {
  const batch = tf.randomUniform([3, 5, 5, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
  const out = brightness({ delta: [0.15, 0.15] })(batch, 0);
  const shift = tf.sub(tf.mean(out, [1, 2, 3]), tf.mean(batch, [1, 2, 3])).dataSync();
  for (const s of shift) assert.ok(Math.abs(s - 0.15) < 1e-6, `mean moved by ${s}`);
  tf.dispose([batch, out]);
});

test('a random delta is one constant per image, within the range, fixed by the seed', () => {
  const batch = tf.randomUniform([8, 4, 4, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
  const augment = brightness({ delta: [-0.3, 0.3] });
  const out = augment(batch, 5);
  const diff = tf.sub(out, batch);
  const spread = tf.sub(tf.max(diff, [1, 2, 3]), tf.min(diff, [1, 2, 3])).dataSync();
  for (const s of spread) assert.ok(s < 1e-6);
  for (const d of tf.mean(diff, [1, 2, 3]).dataSync()) assert.ok(d >= -0.3 - 1e-6 && d <= 0.3 + 1e-6);
  const again = augment(batch, 5);
  assert.equal(again.arraySync(), out.arraySync());
  tf.dispose([batch, out, diff, again]);
});

test('refuses a reversed range', () => {
  assert.throws(() => brightness({ delta: [0.2, -0.2] }), /low ≤ high/);
});

test.run();
