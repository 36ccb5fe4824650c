import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildAugmentation, checkAugmentationNames, defaultAugmentationNames, isAugmentationName } from '../../packages/classify/src/classifier-augmentation';

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
Build('crop:N shifts by at most N pixels and by some; crop:0 and other spellings refused', () => {
  // One bright pixel in the middle of each of 32 images: after a crop it must lie within N of (14, 14).
  const images = 32;
  const dot = tf.tidy(() => tf.zeros([images, 28, 28, 1]).add(tf.oneHot(tf.fill([images], 14 * 28 + 14, 'int32'), 28 * 28).reshape([images, 28, 28, 1]))) as tf.Tensor4D;
  for (const padding of [1, 3]) {
    const cropped = buildAugmentation([`crop:${padding}`], 28)!(dot, 11);
    const pixels = cropped.dataSync();
    const shifts = new Set<string>();
    for (let n = 0; n < images; n += 1) {
      const at = pixels.subarray(n * 784, (n + 1) * 784).indexOf(1);
      const [y, x] = [Math.floor(at / 28), at % 28];
      assert.ok(at >= 0 && Math.abs(y - 14) <= padding && Math.abs(x - 14) <= padding, `crop:${padding} image ${n}: dot at (${y}, ${x})`);
      shifts.add(`${y - 14},${x - 14}`);
    }
    assert.ok(shifts.size > 1, `crop:${padding} moved no image (shifts ${[...shifts].join(' ')})`);
    if (padding === 3) assert.ok([...shifts].some((s) => s.split(',').some((d) => Math.abs(Number(d)) > 1)), 'crop:3 never shifted by more than 1');
    cropped.dispose();
  }
  dot.dispose();
  assert.ok(isAugmentationName('crop:1') && isAugmentationName('crop') && isAugmentationName('flip'));
  for (const bad of ['crop:0', 'crop:', 'crop:1.5', 'crop:-1', 'crop 1', 7]) assert.not.ok(isAugmentationName(bad), String(bad));
  assert.throws(() => buildAugmentation(['crop:0'], 28), /augment.*crop:N.*"crop:0"/);
  assert.throws(() => checkAugmentationNames('trainClassifier', 'augment', ['flip', 'crop:x']), /trainClassifier.*augment.*crop:N.*"crop:x"/);
  checkAugmentationNames('trainClassifier', 'augment', ['crop:2', 'flip']);
});
Build.run();
