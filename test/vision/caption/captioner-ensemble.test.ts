import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { greedyDecode } from '../../../packages/vision/src/caption/caption-decoding';
import { captionerEnsemble } from '../../../packages/vision/src/caption/captioner-ensemble';
import { nic } from '../../../packages/vision/src/caption/nic';

await selectBackend('wasm', { quiet: true, threads: 1 });

const small = (seed: number, vocabularySize = 9) => nic({ vocabularySize, maxLength: 5, inputShape: [16, 16, 3], filters: [4], embedding: 8, units: 8, seed });

const Ensemble = suite('captionerEnsemble');

Ensemble("predicts the log of the members' averaged word probabilities, in NIC's layout, without leaking tensors", () => {
  const [a, b] = [small(1), small(2)];
  const images = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
  const words = tf.tensor2d([[1, 4, 5, 0, 0], [1, 6, 0, 0, 0]]);
  const ensemble = captionerEnsemble([a, b]);
  const before = tf.memory().numTensors;
  const got = ensemble.predict([images, words]) as tf.Tensor;
  assert.is(tf.memory().numTensors, before + 1);
  assert.equal(got.shape, [2, 6, 9]);
  const expected = tf.tidy(() => tf.log(tf.div(tf.add(tf.softmax(a.predict([images, words]) as tf.Tensor), tf.softmax(b.predict([images, words]) as tf.Tensor)), 2)));
  const [g, e] = [got.dataSync(), expected.dataSync()];
  g.forEach((v, i) => assert.ok(Math.abs(v - e[i]) < 1e-5, `${i}: ${v} against ${e[i]}`));
  // One member: the member's own greedy captions.
  assert.equal(greedyDecode(captionerEnsemble([a]), images), greedyDecode(a, images));
  tf.dispose([images, words, got, expected]);
  a.dispose();
  b.dispose();
});

Ensemble('refuses no members, and a member of another vocabulary, by index and layout', () => {
  const [a, c] = [small(1), small(2, 11)];
  assert.throws(() => captionerEnsemble([]), /captionerEnsemble expects members to be a non-empty array of captioners/);
  assert.throws(() => captionerEnsemble([a, c]), /captionerEnsemble expects members\[1\] to be a captioner of member 0's image shape, maxLength and vocabulary .*"output":\[6,9\].*but received .*"output":\[6,11\]/);
  a.dispose();
  c.dispose();
});

Ensemble.run();
