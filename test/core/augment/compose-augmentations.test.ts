import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { composeAugmentations } from '../../../packages/core/src/augment/compose-augmentations';
import { horizontalFlip } from '../../../packages/core/src/augment/horizontal-flip';
import { rotation } from '../../../packages/core/src/augment/rotation';
import { randomCrop } from '../../../packages/core/src/augment/random-crop';
import { brightness } from '../../../packages/core/src/augment/brightness';
import { scaling } from '../../../packages/core/src/augment/scaling';
import { translation } from '../../../packages/core/src/augment/translation';
import { contrast } from '../../../packages/core/src/augment/contrast';

await tf.setBackend('cpu');

const test = suite('composeAugmentations');

test('applies the stages in order', () => {
  const batch = tf.tensor4d([1, 2, 3, 4], [1, 1, 4, 1]);
  // flip then +1 → 5, 4, 3, 2
  const out = composeAugmentations([horizontalFlip({ probability: 1 }), brightness({ delta: [1, 1] })])(batch, 0);
  assert.equal(Array.from(out.dataSync()), [5, 4, 3, 2]);
  tf.dispose([batch, out]);
});

test('the full pipeline is deterministic under a seed and leaks nothing', () => {
  const batch = tf.randomUniform([4, 12, 12, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
  const pipeline = composeAugmentations([
    rotation(), translation(), randomCrop({ padding: 2 }), horizontalFlip(), brightness(), contrast(), scaling(),
  ]);
  const before = tf.memory().numTensors;
  const a = pipeline(batch, 123);
  assert.is(tf.memory().numTensors, before + 1);
  const b = pipeline(batch, 123);
  const c = pipeline(batch, 124);
  assert.equal(a.arraySync(), b.arraySync());
  assert.not.equal(a.arraySync(), c.arraySync());
  assert.equal(a.shape, batch.shape);
  tf.dispose([batch, a, b, c]);
});

test('an empty pipeline returns a copy the caller may dispose', () => {
  const batch = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
  const out = composeAugmentations([])(batch, 0);
  assert.is.not(out, batch);
  out.dispose();
  assert.is(batch.isDisposed, false);
  batch.dispose();
});

test('refuses something that is not a list of functions', () => {
  assert.throws(() => composeAugmentations([rotation(), 'flip' as never]), /array of augmentation functions/);
});

test.run();
