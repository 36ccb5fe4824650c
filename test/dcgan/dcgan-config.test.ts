import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { buildDcgan, dcganLevels, dcganNetworkConfigs, resolveDcganConfig } from '../../packages/dcgan/src/dcgan-config';

const BuildDcgan = suite('buildDcgan');
BuildDcgan.before(async () => {
  await tf.setBackend('cpu');
});

BuildDcgan('one config gives 28×28×1, 32×32×3 and 64×64×3 pairs: images in [-1, 1], one logit each', () => {
  for (const [imageSize, imageChannels] of [[28, 1], [32, 3], [64, 3]]) {
    const { generator, discriminator } = buildDcgan({ imageSize, imageChannels, baseFilters: 8, latentDim: 16, seed: 1 });
    const images = tf.tidy(() => generator.predict(tf.randomUniform([3, 16], -1, 1, 'float32', 2)) as tf.Tensor);
    assert.equal(images.shape, [3, imageSize, imageSize, imageChannels]);
    const [lo, hi] = tf.tidy(() => [images.min().dataSync()[0], images.max().dataSync()[0]]);
    assert.ok(lo >= -1 && hi <= 1 && hi > lo, `${imageSize}: range [${lo}, ${hi}]`);
    const logits = tf.tidy(() => discriminator.predict(images) as tf.Tensor);
    assert.equal(logits.shape, [3, 1]);
    tf.dispose([images, logits]);
    generator.dispose();
    discriminator.dispose();
  }
});

BuildDcgan('follows the paper: batch norm everywhere but G\'s output and D\'s input, ReLU/tanh in G, LeakyReLU 0.2 in D, no pooling', () => {
  const { generator, discriminator } = buildDcgan({ imageSize: 64, imageChannels: 3, baseFilters: 4, latentDim: 8, seed: 1 });
  const kinds = (m: tf.LayersModel) => m.layers.map((l) => l.getClassName());
  assert.not.ok([...kinds(generator), ...kinds(discriminator)].some((k) => /Pool/.test(k)));
  assert.equal(generator.layers.filter((l) => l.getClassName() === 'Conv2DTranspose').map((l) => (l.getConfig() as { strides: number[] }).strides), [[2, 2], [2, 2], [2, 2], [2, 2]]);
  assert.is(kinds(generator).filter((k) => k === 'BatchNormalization').length, 4); // project + 3 inner deconvs, not the output
  assert.is(generator.layers[generator.layers.length - 1].getConfig().activation, 'tanh');
  assert.is(kinds(discriminator).filter((k) => k === 'BatchNormalization').length, 3); // 4 convs, not the first
  const leaky = discriminator.layers.filter((l) => l.getClassName() === 'LeakyReLU');
  assert.is(leaky.length, 4);
  assert.ok(leaky.every((l) => (l.getConfig() as { alpha: number }).alpha === 0.2));
  generator.dispose();
  discriminator.dispose();
});

BuildDcgan('the 64×64 generator with b = 128 is the paper\'s Fig. 1: 4×4×1024 → 8×8×512 → 16×16×256 → 32×32×128 → 64×64×3', () => {
  const { generator } = dcganNetworkConfigs({ imageSize: 64, imageChannels: 3, baseFilters: 128 });
  assert.is(generator.baseSize, 4);
  assert.is(generator.baseChannels, 1024);
  assert.equal(generator.channelsPerBlock, [512, 256, 128]);
  assert.equal([28, 32, 64].map(dcganLevels), [2, 3, 4]);
});

BuildDcgan('conditioning reaches the discriminator: concat stacks class planes, projection embeds the class', () => {
  assert.is(dcganNetworkConfigs({ classes: 10 }).discriminator.conditioning, 'concat');
  const { generator, discriminator } = buildDcgan({ classes: 10, conditioning: 'projection', seed: 1 });
  assert.equal(discriminator.getLayer('down1').getWeights()[0].shape, [5, 5, 1, 64]);
  assert.equal(discriminator.getLayer('label_embedding').getWeights()[0].shape, [10, 7 * 7 * 128]);
  generator.dispose();
  discriminator.dispose();
});

BuildDcgan('refuses sizes and channels it does not cover, by name', () => {
  assert.throws(() => resolveDcganConfig({ imageSize: 48 }), /dcgan expects imageSize to be one of 28, 32, 64, but received 48/);
  assert.throws(() => resolveDcganConfig({ imageChannels: 4 }), /imageChannels to be 1 \(grey\) or 3 \(RGB\), but received 4/);
  assert.throws(() => resolveDcganConfig({ classes: 1 }), /classes/);
  assert.throws(() => resolveDcganConfig({ classes: 10, conditioning: 'film' as 'concat' }), /dcgan expects conditioning to be one of "concat", "projection", but received "film"/);
  assert.throws(() => resolveDcganConfig({ latentDim: 0 }), /latentDim to be a positive integer, but received 0/);
});

BuildDcgan.run();
