import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildDcgan, resolveDcganConfig } from '../../packages/dcgan/src/dcgan-config';
import { generatorStandingStatistics } from '../../packages/dcgan/src/generator-standing-statistics';
import { sampleInputs } from '../../packages/dcgan/src/train-dcgan';
import { ConfigError } from '../../packages/core/src/errors';

await tf.setBackend('cpu');

const Standing = suite('generatorStandingStatistics');

const model = resolveDcganConfig({ imageSize: 28, imageChannels: 1, latentDim: 8, baseFilters: 4, classes: 3 });

Standing('one pass of the run\'s batch makes inference on that batch equal training mode on it, and changes only moving statistics', () => {
  const { generator, discriminator } = buildDcgan(model);
  discriminator.dispose();
  const trainable = generator.trainableWeights.map((w) => Array.from(w.read().dataSync()));
  const seed = 7;
  const { z, labels } = sampleInputs(model, 12, 'uniform', seed);
  const before = tf.tidy(() => (generator.predict([z, labels!]) as tf.Tensor).dataSync());
  const tensors = tf.memory().numTensors;
  const count = generatorStandingStatistics(generator, model, { passes: 1, batchSize: 12, seed });
  assert.is(count, 2, 'the projection\'s and the one hidden up-sampling\'s batch norms');
  assert.is(tf.memory().numTensors, tensors, 'no tensor leaked');
  tf.tidy(() => {
    const inference = generator.predict([z, labels!]) as tf.Tensor;
    const training = generator.apply([z, labels!], { training: true }) as tf.Tensor;
    const gap = tf.max(tf.abs(tf.sub(inference, training))).dataSync()[0];
    assert.ok(gap < 1e-4, `inference with standing statistics vs training mode: ${gap}`);
    const moved = tf.max(tf.abs(tf.sub(inference, tf.tensor(before, inference.shape)))).dataSync()[0];
    assert.ok(moved > 1e-3, `the fresh generator's moving statistics (0, 1) gave other images: ${moved}`);
  });
  generator.trainableWeights.forEach((w, i) => assert.equal(Array.from(w.read().dataSync()), trainable[i], w.name));
  tf.dispose([z, labels!]);
  generator.dispose();
});

Standing('refuses a pass count or batch size that is not a positive integer', () => {
  const { generator, discriminator } = buildDcgan(model);
  discriminator.dispose();
  assert.throws(() => generatorStandingStatistics(generator, model, { passes: 0 }), (e: Error) => e instanceof ConfigError && /passes/.test(e.message));
  assert.throws(() => generatorStandingStatistics(generator, model, { batchSize: 1 }), (e: Error) => e instanceof ConfigError && /batchSize/.test(e.message));
  generator.dispose();
});

Standing.run();
