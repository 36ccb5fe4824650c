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

DcganGenerator('starts from the paper\'s N(0, 0.02) weights by default, He on request', () => {
  const std = (m: tf.LayersModel, name: string) => tf.tidy(() => tf.moments(m.getLayer(name).getWeights()[0]).variance.sqrt().dataSync()[0]);
  const normal = dcganGenerator({ seed: 4 });
  const he = dcganGenerator({ seed: 4, init: 'he' });
  assert.ok(Math.abs(std(normal, 'project') - 0.02) < 0.001, `project std ${std(normal, 'project')}`);
  assert.ok(Math.abs(std(normal, 'up1_deconv') - 0.02) < 0.001, `up1 std ${std(normal, 'up1_deconv')}`);
  // He: √(2 / fan-in) with fan-in 100 for the projection.
  assert.ok(Math.abs(std(he, 'project') - Math.sqrt(2 / 100)) < 0.005, `he project std ${std(he, 'project')}`);
  normal.dispose();
  he.dispose();
});

DcganGenerator('a conditional generator takes z and a one-hot class, and the class changes the image', () => {
  const generator = dcganGenerator({ seed: 6, classes: 10, latentDim: 8 });
  assert.is(generator.inputs.length, 2);
  const z = tf.randomNormal([2, 8], 0, 1, 'float32', 3);
  const [a, b] = [0, 7].map((k) => tf.tidy(() => generator.predict([z, tf.oneHot(tf.tensor1d([k, k], 'int32'), 10).toFloat()]) as tf.Tensor));
  assert.equal(a.shape, [2, 28, 28, 1]);
  const diff = tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
  assert.ok(diff > 1e-4, `class 0 vs 7 differ by ${diff}`);
  tf.dispose([z, a, b]);
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

DcganGenerator('fullResolutionChannels adds a hidden block at 28×28 and a 3×3 convolution to the image: shapes, range, parameters by hand', () => {
  const generator = dcganGenerator({ seed: 1, fullResolutionChannels: 8 });
  assert.equal(generator.getLayer('full_deconv').outputShape, [null, 28, 28, 8]);
  assert.equal(generator.getLayer('image_conv').outputShape, [null, 28, 28, 1]);
  // project 100·(7·7·128) + BN 4·6272 + deconv 5·5·128·64 + BN 4·64 + full deconv 5·5·64·8 + BN 4·8 + image conv 3·3·8·1 + bias 1
  assert.is(generator.countParams(), 627_200 + 25_088 + 204_800 + 256 + 12_800 + 32 + 72 + 1);
  tf.tidy(() => generator.predict(tf.zeros([1, 100])));
  const before = tf.memory().numTensors;
  const [lo, hi] = tf.tidy(() => {
    const images = generator.predict(tf.randomNormal([3, 100], 0, 1, 'float32', 2)) as tf.Tensor;
    assert.equal(images.shape, [3, 28, 28, 1]);
    return [images.min().dataSync()[0], images.max().dataSync()[0]];
  });
  assert.ok(lo >= -1 && hi <= 1 && hi > lo, `range [${lo}, ${hi}]`);
  assert.is(tf.memory().numTensors, before);
  generator.dispose();
  assert.throws(() => dcganGenerator({ fullResolutionChannels: -1 }), /fullResolutionChannels to be an integer ≥ 0, but received -1/);
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
