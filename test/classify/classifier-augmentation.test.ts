import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildAugmentation, defaultAugmentationNames } from '../../packages/classify/src/classifier-augmentation';

await tf.setBackend('cpu');

const Defaults = suite('defaultAugmentationNames');
Defaults('digits are never flipped; clothing and CIFAR are', () => {
  for (const digits of ['mnist', 'idx'] as const) assert.not.ok(defaultAugmentationNames(digits).includes('flip'), digits);
  for (const symmetric of ['fashion-mnist', 'cifar10'] as const) assert.ok(defaultAugmentationNames(symmetric).includes('flip'), symmetric);
  assert.not.ok(defaultAugmentationNames('image-folder').includes('flip'));
});
Defaults.run();

const Build = suite('buildAugmentation');
Build('keeps the batch shape, is seeded, none for an empty list, unknown names refused', () => {
  const batch = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const augment = buildAugmentation(['crop', 'flip'], 28)!;
  const a = augment(batch, 7);
  const b = augment(batch, 7);
  assert.equal(a.shape, [4, 28, 28, 1]);
  assert.equal(Array.from(a.dataSync()), Array.from(b.dataSync()));
  assert.is(buildAugmentation([], 28), null);
  assert.throws(() => buildAugmentation(['mirror'], 28), /augment.*rotate.*"mirror"/);
  tf.dispose([batch, a, b]);
});
Build.run();
