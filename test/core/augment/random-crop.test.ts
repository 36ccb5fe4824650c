import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { randomCrop } from '../../../packages/core/src/augment/random-crop';

await tf.setBackend('cpu');

/** Pad-then-crop by slicing, the way the recipe describes it, to compare against. */
function padCropBySlicing(image: tf.Tensor3D, padding: number, window: tf.Tensor3D[]): void {
  const padded = tf.pad(image, [[padding, padding], [padding, padding], [0, 0]]);
  const [h, w] = image.shape;
  for (let oy = 0; oy <= 2 * padding; oy++) {
    for (let ox = 0; ox <= 2 * padding; ox++) window.push(tf.slice(padded, [oy, ox, 0], [h, w, -1]));
  }
  padded.dispose();
}

const test = suite('randomCrop');

test('every output equals one of the (2p+1)² pad-and-slice crops', () => {
  const batch = tf.randomUniform([6, 5, 5, 3], 0.1, 1, 'float32', 3) as tf.Tensor4D;
  const out = randomCrop({ padding: 2 })(batch, 11);
  const images = tf.unstack(batch) as tf.Tensor3D[];
  const outs = tf.unstack(out);
  images.forEach((image, i) => {
    const crops: tf.Tensor3D[] = [];
    padCropBySlicing(image, 2, crops);
    const target = JSON.stringify(outs[i].arraySync());
    assert.ok(crops.some((c) => JSON.stringify(c.arraySync()) === target), `image ${i} is no pad-and-slice crop`);
    tf.dispose(crops);
  });
  tf.dispose([batch, out, images, outs]);
});

test('padding 0 is the identity; the same seed gives the same crops', () => {
  const batch = tf.randomUniform([2, 4, 4, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
  const none = randomCrop({ padding: 0 })(batch, 5);
  assert.equal(none.arraySync(), batch.arraySync());
  const a = randomCrop()(batch, 9);
  const b = randomCrop()(batch, 9);
  assert.equal(a.arraySync(), b.arraySync());
  tf.dispose([batch, none, a, b]);
});

test('refuses a fractional padding', () => {
  assert.throws(() => randomCrop({ padding: 1.5 }), /padding/);
});

test.run();
