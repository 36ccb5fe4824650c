import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModel, loadModel } from '../../packages/core/src/io/index';
import { dcganGenerator } from '../../packages/dcgan/src/dcgan-generator';

const DcganGenerator = suite('dcganGenerator');
DcganGenerator.before(async () => {
  await tf.setBackend('cpu');
});

DcganGenerator('maps z to images of the configured size in [-1, 1]', () => {
  const generator = dcganGenerator({ seed: 1 });
  // The first call lets tfjs create its cached constants; the second must leave nothing behind.
  tf.tidy(() => generator.predict(tf.zeros([1, 100])));
  const before = tf.memory().numTensors;
  const images = tf.tidy(() => generator.predict(tf.randomNormal([3, 100], 0, 1, 'float32', 2)) as tf.Tensor);
  assert.equal(images.shape, [3, 28, 28, 1]);
  const [lo, hi] = tf.tidy(() => [images.min().dataSync()[0], images.max().dataSync()[0]]);
  assert.ok(lo >= -1 && hi <= 1 && hi > lo, `range [${lo}, ${hi}]`);
  images.dispose();
  assert.is(tf.memory().numTensors, before);
  generator.dispose();
});

DcganGenerator('has the parameter count worked out by hand', () => {
  const generator = dcganGenerator({ seed: 1 });
  // project 100·(7·7·128) + BN 4·6272 + deconv 5·5·128·64 + BN 4·64 + image deconv 5·5·64·1 + bias 1
  assert.is(generator.countParams(), 627_200 + 25_088 + 204_800 + 256 + 1_600 + 1);
  generator.dispose();
});

DcganGenerator('builds other sizes with more blocks', () => {
  const generator = dcganGenerator({ imageSize: 32, imageChannels: 3, baseSize: 4, channelsPerBlock: [64, 32], latentDim: 8, seed: 3 });
  assert.equal(generator.outputs[0].shape, [null, 32, 32, 3]);
  generator.dispose();
});

DcganGenerator('is reproducible under a seed and survives a save/load round trip', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcgan-'));
  try {
    const a = dcganGenerator({ seed: 5, latentDim: 4 });
    const b = dcganGenerator({ seed: 5, latentDim: 4 });
    const z = tf.randomNormal([2, 4], 0, 1, 'float32', 9);
    const ya = a.predict(z) as tf.Tensor;
    const yb = b.predict(z) as tf.Tensor;
    assert.equal(Array.from(ya.dataSync()), Array.from(yb.dataSync()));
    await saveModel(a, dir);
    const loaded = await loadModel(dir);
    const yl = loaded.predict(z) as tf.Tensor;
    assert.equal(Array.from(yl.dataSync()), Array.from(ya.dataSync()));
    tf.dispose([z, ya, yb, yl]);
    a.dispose(); b.dispose(); loaded.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

DcganGenerator('refuses sizes the upsampling cannot reach', () => {
  assert.throws(() => dcganGenerator({ imageSize: 30 }), /imageSize to be baseSize · 2\^\(blocks \+ 1\) = 28, but received 30/);
  assert.throws(() => dcganGenerator({ latentDim: 0 }), /latentDim to be a positive integer, but received 0/);
  assert.throws(() => dcganGenerator({ channelsPerBlock: [64, -1] }), /channelsPerBlock/);
});

DcganGenerator('the same seed gives the same weights, seed 0 included; another seed others', () => {
  const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
  const [a, b, c] = [dcganGenerator({ seed: 0 }), dcganGenerator({ seed: 0 }), dcganGenerator({ seed: 1 })];
  assert.equal(weights(a), weights(b));
  assert.not.equal(weights(a), weights(c));
  [a, b, c].forEach((m) => m.dispose());
});

DcganGenerator.run();
