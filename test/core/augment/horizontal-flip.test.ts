import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { horizontalFlip } from '../../../packages/core/src/augment/horizontal-flip';

await tf.setBackend('cpu');

const test = suite('horizontalFlip');

test('probability 1 mirrors every row; flipping twice is the identity', () => {
  const batch = tf.tensor4d([[[[1], [2], [3]], [[4], [5], [6]]], [[[7], [8], [9]], [[0], [1], [2]]]]);
  const flip = horizontalFlip({ probability: 1 });
  const once = flip(batch, 0);
  assert.equal(once.arraySync(), [[[[3], [2], [1]], [[6], [5], [4]]], [[[9], [8], [7]], [[2], [1], [0]]]]);
  const twice = flip(once, 1);
  assert.equal(twice.arraySync(), batch.arraySync());
  tf.dispose([batch, once, twice]);
});

test('with probability ½ each image is either itself or its mirror, fixed by the seed', () => {
  const batch = tf.randomUniform([16, 3, 4, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
  const flip = horizontalFlip();
  const before = tf.memory().numTensors;
  const out = flip(batch, 21);
  assert.is(tf.memory().numTensors, before + 1);
  const mirrored = tf.reverse(batch, 2);
  let flipped = 0;
  for (let i = 0; i < 16; i++) {
    const o = JSON.stringify(out.slice(i, 1).arraySync());
    const same = o === JSON.stringify(batch.slice(i, 1).arraySync());
    const mirror = o === JSON.stringify(mirrored.slice(i, 1).arraySync());
    assert.ok(same || mirror, `image ${i}`);
    if (mirror) flipped += 1;
  }
  assert.ok(flipped > 0 && flipped < 16, `${flipped} of 16 flipped`);
  const again = flip(batch, 21);
  assert.equal(again.arraySync(), out.arraySync());
  tf.dispose([batch, out, mirrored, again]);
});

test('refuses a probability outside [0, 1]', () => {
  assert.throws(() => horizontalFlip({ probability: -0.1 }), /probability/);
});

test.run();
