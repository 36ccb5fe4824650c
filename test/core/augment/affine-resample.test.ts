import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { affineResample, identityAffine } from '../../../packages/core/src/augment/affine-resample';

await tf.setBackend('cpu');

const test = suite('affineResample');

test('applies each image its own matrix (tf.image.transform on cpu does not, in tfjs 4.22)', () => {
  const batch = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 1]);
  // image 0: identity; image 1: read x − 1 (content moves right by one)
  const out = affineResample(batch, [identityAffine, [1, 0, -1, 0, 1, 0]], 'nearest');
  assert.equal(Array.from(out.dataSync()), [1, 2, 3, 4, 0, 5, 6, 7]);
  tf.dispose([batch, out]);
});

test('bilinear interpolates halfway points and fades to zero outside', () => {
  const batch = tf.tensor4d([0, 10, 20, 30], [1, 1, 4, 1]);
  const out = affineResample(batch, [[1, 0, 0.5, 0, 1, 0]], 'bilinear'); // read x + ½
  const got = Array.from(out.dataSync());
  [5, 15, 25, 15].forEach((v, i) => assert.ok(Math.abs(got[i] - v) < 1e-5, `${got}`)); // last: ½·30 + ½·0
  tf.dispose([batch, out]);
});

test('matches tf.image.transform on a single image', () => {
  const image = tf.randomUniform([1, 7, 9, 2], 0, 1, 'float32', 10) as tf.Tensor4D;
  const m = [0.9, -0.3, 1.2, 0.25, 1.1, -0.7] as const;
  const ours = affineResample(image, [m], 'bilinear');
  const theirs = tf.image.transform(image, tf.tensor2d([[...m, 0, 0]]), 'bilinear', 'constant', 0);
  assert.ok(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0] < 1e-5);
  tf.dispose([image, ours, theirs]);
});

test.run();
