import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { contrast } from '../../../packages/core/src/augment/contrast';

await tf.setBackend('cpu');

const test = suite('contrast');

test('factor 2 doubles each pixel\'s distance from its channel mean, which stays put', () => {
  // One 1×4 image with mean 0.5: 0.2, 0.4, 0.6, 0.8 → 0.5 + 2(x − 0.5) = −0.1, 0.3, 0.7, 1.1
  const batch = tf.tensor4d([0.2, 0.4, 0.6, 0.8], [1, 1, 4, 1]);
  const out = contrast({ factor: [2, 2] })(batch, 0);
  const got = Array.from(out.dataSync());
  [-0.1, 0.3, 0.7, 1.1].forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-6, `${got}`));
  tf.dispose([batch, out]);
});

test('deterministic and leak-free', () => {
  const batch = tf.randomUniform([2, 3, 3, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const a = contrast()(batch, 1);
  const b = contrast()(batch, 1);
  assert.is(tf.memory().numTensors, before + 2);
  assert.equal(a.arraySync(), b.arraySync());
  tf.dispose([batch, a, b]);
});

test('refuses negative factors', () => {
  assert.throws(() => contrast({ factor: [-1, 1] }), /factor\[0\]/);
});

test.run();
