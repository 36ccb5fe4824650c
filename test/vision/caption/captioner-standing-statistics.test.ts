import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { captionerStandingStatistics } from '../../../packages/vision/src/caption/captioner-standing-statistics';
import type { CaptionData } from '../../../packages/vision/src/caption/evaluate-captioner';
import { nic } from '../../../packages/vision/src/caption/nic';

await selectBackend('wasm', { quiet: true, threads: 1 });

const [height, width, channels] = [16, 16, 3] as const;
const count = 10;
const data: CaptionData = {
  images: Uint8Array.from({ length: count * height * width * channels }, (_, i) => (i * 37 + (i >> 7) * 11) % 256),
  count, height, width, channels, captions: Array.from({ length: count }, () => ['a red circle']), scenes: Array.from({ length: count }, () => null),
};

const Standing = suite('captionerStandingStatistics');

Standing("sets the first batch norm's statistics to the average of its full minibatches' moments, without leaking tensors", () => {
  const model = nic({ vocabularySize: 9, maxLength: 5, inputShape: [height, width, channels], filters: [4], imageNormalization: 'batch', embedding: 8, units: 8, seed: 1 });
  const conv = tf.model({ inputs: model.inputs[0], outputs: model.getLayer('cnn1_conv1_conv').output as tf.SymbolicTensor });
  const size = height * width * channels;
  // Batch size 4 over 10 images: the full minibatches are images 0–3 and 4–7.
  const expected = tf.tidy(() => {
    const moments = [0, 1].map((t) => tf.moments(conv.predict(tf.div(tf.tensor4d(data.images.subarray(4 * t * size, 4 * (t + 1) * size), [4, height, width, channels], 'float32'), 255)) as tf.Tensor, [0, 1, 2]));
    return [tf.div(tf.add(moments[0].mean, moments[1].mean), 2).arraySync() as number[], tf.div(tf.add(moments[0].variance, moments[1].variance), 2).arraySync() as number[]];
  });
  const before = tf.memory().numTensors;
  assert.is(captionerStandingStatistics(model, data, { batchSize: 4 }), 2, 'the CNN stage and the image embedding');
  assert.is(tf.memory().numTensors, before);
  const [, , mean, variance] = model.getLayer('cnn1_conv1_bn').getWeights().map((w) => Array.from(w.dataSync()));
  mean.forEach((v, i) => assert.ok(Math.abs(v - expected[0][i]) < 1e-5, `mean ${i}: ${v} against ${expected[0][i]}`));
  variance.forEach((v, i) => assert.ok(Math.abs(v - expected[1][i]) < 1e-5, `variance ${i}: ${v} against ${expected[1][i]}`));
  model.dispose();
});

Standing('refuses data smaller than one minibatch, and a batch size below 2', () => {
  const model = nic({ vocabularySize: 9, maxLength: 5, inputShape: [height, width, channels], filters: [4], embedding: 8, units: 8, seed: 1 });
  assert.throws(() => captionerStandingStatistics(model, data, { batchSize: 16 }), /captionerStandingStatistics expects data to be at least batchSize \(16\) images, but received "?10 images/);
  assert.throws(() => captionerStandingStatistics(model, data, { batchSize: 1 }), /captionerStandingStatistics expects batchSize/);
  model.dispose();
});

Standing.run();
