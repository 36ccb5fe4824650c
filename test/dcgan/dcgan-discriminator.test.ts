import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { dcganDiscriminator } from '../../packages/dcgan/src/dcgan-discriminator';
import { spectralNormalize } from '../../packages/core/src/blocks/spectral-norm';

const DcganDiscriminator = suite('dcganDiscriminator');
DcganDiscriminator.before(async () => {
  await tf.setBackend('cpu');
});

DcganDiscriminator('gives one logit per image and has the hand-counted parameters', () => {
  const d = dcganDiscriminator({ seed: 1 });
  const logits = tf.tidy(() => d.predict(tf.zeros([4, 28, 28, 1])) as tf.Tensor);
  assert.equal(logits.shape, [4, 1]);
  logits.dispose();
  // down1 5·5·1·64 + 64 bias; down2 5·5·64·128 (no bias) + BN 4·128; logit 7·7·128 + 1
  assert.is(d.countParams(), 1_600 + 64 + 204_800 + 512 + 6_272 + 1);
  d.dispose();
});

DcganDiscriminator('fullResolutionChannels opens with a stride-1 3×3 convolution at 28×28; the first stride-2 one then gets batch norm: shapes, parameters by hand', () => {
  const d = dcganDiscriminator({ seed: 1, fullResolutionChannels: 8 });
  const layer = (name: string) => d.getLayer(name).outputShape;
  assert.equal(layer('full_conv'), [null, 28, 28, 8]);
  assert.equal(layer('down1'), [null, 14, 14, 64]);
  assert.equal(layer('down1_bn'), [null, 14, 14, 64]);
  const logits = tf.tidy(() => d.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor);
  assert.equal(logits.shape, [3, 1]);
  logits.dispose();
  // full_conv 3·3·1·8 + 8 bias; down1 5·5·8·64 (no bias) + BN 4·64; down2 5·5·64·128 (no bias) + BN 4·128; logit 7·7·128 + 1
  assert.is(d.countParams(), 72 + 8 + 12_800 + 256 + 204_800 + 512 + 6_272 + 1);
  d.dispose();
  assert.throws(() => dcganDiscriminator({ fullResolutionChannels: 1.5 }), /fullResolutionChannels to be an integer ≥ 0, but received 1.5/);
});

DcganDiscriminator('learns to tell two constant images apart', () => {
  const d = dcganDiscriminator({ seed: 2, imageSize: 8, kernelSize: 3, channelsPerBlock: [4, 8] });
  const x = tf.concat([tf.fill([8, 8, 8, 1], 0.8), tf.fill([8, 8, 8, 1], -0.8)]);
  const y = tf.concat([tf.ones([8, 1]), tf.zeros([8, 1])]);
  const optimizer = tf.train.adam(2e-3, 0.5);
  const loss = () => tf.losses.sigmoidCrossEntropy(y, d.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
  const first = tf.tidy(() => loss().dataSync()[0]);
  for (let i = 0; i < 60; i++) tf.tidy(() => { optimizer.minimize(loss); });
  const last = tf.tidy(() => loss().dataSync()[0]);
  assert.ok(last < first * 0.2, `loss ${first} → ${last}`);
  tf.dispose([x, y]);
  optimizer.dispose();
  d.dispose();
});

DcganDiscriminator('a conditional discriminator stacks the class planes onto the image', () => {
  const d = dcganDiscriminator({ seed: 3, classes: 10 });
  const logits = tf.tidy(() => d.predict([tf.zeros([2, 28, 28, 1]), tf.oneHot(tf.tensor1d([1, 2], 'int32'), 10).toFloat()]) as tf.Tensor);
  assert.equal(logits.shape, [2, 1]);
  // The first convolution now reads 1 + 10 channels.
  assert.equal(d.getLayer('down1').getWeights()[0].shape, [5, 5, 11, 64]);
  logits.dispose();
  d.dispose();
});

DcganDiscriminator('a projection discriminator reads the image alone and adds φ(x) · V[y] to the unconditional logit', () => {
  const d = dcganDiscriminator({ seed: 4, classes: 10, conditioning: 'projection' });
  // No class planes: the first convolution reads the image's one channel; V holds one row of 7·7·128 per class.
  assert.equal(d.getLayer('down1').getWeights()[0].shape, [5, 5, 1, 64]);
  assert.equal(d.getLayer('label_embedding').getWeights()[0].shape, [10, 7 * 7 * 128]);
  assert.is(d.countParams(), 1_600 + 64 + 204_800 + 512 + 6_272 + 1 + 10 * 6_272);
  const phi = tf.model({ inputs: d.inputs[0], outputs: d.getLayer('flatten').output as tf.SymbolicTensor });
  const x = tf.randomUniform([3, 28, 28, 1], -1, 1, 'float32', 7);
  const classes = [0, 4, 9];
  const y = tf.oneHot(tf.tensor1d(classes, 'int32'), 10).toFloat();
  const got = tf.tidy(() => Array.from((d.predict([x, y]) as tf.Tensor).dataSync()));
  // The paper's eq. 3 by hand: ψ(φ) = w·φ + b, plus φ · V[y].
  const features = tf.tidy(() => (phi.predict(x) as tf.Tensor).arraySync() as number[][]);
  const [w, b] = d.getLayer('logit').getWeights().map((t) => Array.from(t.dataSync()));
  const v = d.getLayer('label_embedding').getWeights()[0].arraySync() as number[][];
  const dot = (a: number[], c: number[]) => a.reduce((s, ai, i) => s + ai * c[i], 0);
  features.forEach((f, i) => assert.ok(Math.abs(got[i] - (dot(f, w) + b[0] + dot(f, v[classes[i]]))) < 1e-3, `image ${i}: ${got[i]}`));
  // The class changes the logit of the same image.
  const other = tf.tidy(() => Array.from((d.predict([x, tf.oneHot(tf.tensor1d([1, 1, 1], 'int32'), 10).toFloat()]) as tf.Tensor).dataSync()));
  assert.ok(other.some((o, i) => Math.abs(o - got[i]) > 1e-4));
  tf.dispose([x, y]);
  d.dispose();
});

DcganDiscriminator('normalization spectral: no batch norm, every weighted layer spectrally normalized with a bias, hand-counted parameters; σ of each kernel → 1 in training', () => {
  const d = dcganDiscriminator({ seed: 5, classes: 10, conditioning: 'projection', normalization: 'spectral', fullResolutionChannels: 8 });
  assert.ok(!d.layers.some((l) => l.getClassName() === 'BatchNormalization'));
  const spectral = d.layers.filter((l) => l.getClassName().startsWith('Spectral')).map((l) => l.name);
  assert.equal([...spectral].sort(), ['down1', 'down2', 'full_conv', 'label_embedding', 'logit']);
  // Trainable: full_conv 3·3·1·8 + 8; down1 5·5·8·64 + 64; down2 5·5·64·128 + 128; logit 7·7·128 + 1; V 10 · 6,272 (no bias). ũ: 8 + 64 + 128 + 1 + 6,272.
  const trainable = 72 + 8 + 12_800 + 64 + 204_800 + 128 + 6_272 + 1 + 62_720;
  assert.is(d.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a! * b!, 1)!, 0), trainable);
  assert.is(d.countParams(), trainable + 8 + 64 + 128 + 1 + 6_272);
  const x = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10).toFloat();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 40; i++) tf.dispose(d.apply([x, y], { training: true }) as tf.Tensor);
  assert.is(tf.memory().numTensors, before);
  // After 40 power iterations each layer's kernel, divided by the σ̂ its ũ estimates, has a largest singular value near 1:
  // at least 1 (power iteration estimates σ from below), below 1.05 (its random start gives about 1.3 for down2's 1,600 × 128 kernel).
  for (const name of spectral) {
    const [kernel] = d.getLayer(name).getWeights();
    const u = d.getLayer(name).getWeights().at(-1) as tf.Tensor1D;
    const once = spectralNormalize(kernel, u, 0);
    const many = spectralNormalize(once.kernel, u, 200);
    const ratio = many.sigma.dataSync()[0];
    assert.ok(ratio > 1 - 1e-4 && ratio < 1.05, `${name}: σ(W / σ̂) = ${ratio}`);
    tf.dispose([once.kernel, once.u, once.sigma, many.kernel, many.u, many.sigma]);
  }
  // Inference leaves ũ alone: the same logits twice.
  const a = tf.tidy(() => Array.from((d.predict([x, y]) as tf.Tensor).dataSync()));
  const b = tf.tidy(() => Array.from((d.predict([x, y]) as tf.Tensor).dataSync()));
  assert.equal(a, b);
  tf.dispose([x, y]);
  d.dispose();
});

DcganDiscriminator('refuses bad config with the field and value', () => {
  assert.throws(() => dcganDiscriminator({ normalization: 'layer' as 'batch' }), /normalization to be one of "batch", "spectral", but received "layer"/);
  assert.throws(() => dcganDiscriminator({ kernelSize: 40 }), /kernelSize to be at most imageSize 28, but received 40/);
  assert.throws(() => dcganDiscriminator({ channelsPerBlock: [] }), /channelsPerBlock to be a non-empty array/);
  assert.throws(() => dcganDiscriminator({ leakySlope: 2 }), /leakySlope/);
  assert.throws(() => dcganDiscriminator({ init: 'xavier' as 'he' }), /init to be one of "normal", "he", but received "xavier"/);
  assert.throws(() => dcganDiscriminator({ classes: 10, conditioning: 'film' as 'concat' }), /conditioning to be one of "concat", "projection", but received "film"/);
});

DcganDiscriminator('the same seed gives the same weights, seed 0 included; another seed others', () => {
  const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
  for (const normalization of ['batch', 'spectral'] as const) {
    const [a, b, c] = [dcganDiscriminator({ seed: 0, normalization }), dcganDiscriminator({ seed: 0, normalization }), dcganDiscriminator({ seed: 1, normalization })];
    assert.equal(weights(a), weights(b));
    assert.not.equal(weights(a), weights(c));
    [a, b, c].forEach((m) => m.dispose());
  }
});

DcganDiscriminator.run();
