import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildClassifier, classifierModelNames, countParameters } from '../../../packages/classify/src/models/model-registry';

await tf.setBackend('cpu');

const Build = suite('buildClassifier');

Build('every registered model takes 28×28×1 and 32×32×3 and outputs probabilities over the classes', () => {
  for (const name of classifierModelNames) {
    for (const inputShape of [[28, 28, 1], [32, 32, 3]] as [number, number, number][]) {
      const tensors = tf.memory().numTensors;
      const model = buildClassifier(name, { inputShape, classes: 7, seed: 1 });
      const y = tf.tidy(() => model.predict(tf.randomUniform([2, ...inputShape], 0, 1, 'float32', 3)) as tf.Tensor);
      assert.equal(y.shape, [2, 7], `${name} ${inputShape}`);
      const sums = tf.tidy(() => y.sum(-1).arraySync() as number[]);
      sums.forEach((s) => assert.ok(Math.abs(s - 1) < 1e-5, `${name}: rows sum to ${s}`));
      y.dispose();
      model.dispose();
      assert.is(tf.memory().numTensors, tensors, `${name} leaves no tensor behind`);
    }
  }
});

Build('same seed, same weights; an unknown name lists the known ones', () => {
  const a = buildClassifier('resnet20', { inputShape: [28, 28, 1], classes: 10, seed: 4 });
  const b = buildClassifier('resnet20', { inputShape: [28, 28, 1], classes: 10, seed: 4 });
  a.weights.forEach((w, i) => assert.equal(Array.from(w.read().dataSync()), Array.from(b.weights[i].read().dataSync())));
  a.dispose();
  b.dispose();
  assert.throws(() => buildClassifier('resnet18', { inputShape: [28, 28, 1], classes: 10, seed: 0 }), /deep-cnn, vgg, resnet20, inception, mlp.*"resnet18"/);
  assert.throws(() => buildClassifier('mlp', { inputShape: [28, 28, 1], classes: 1, seed: 0 }), /classes/);
});

Build.run();

const Count = suite('countParameters');

/** A convolution without bias followed by batch norm's γ and β (trainable). */
const convBn = (k: number, cin: number, cout: number) => k * k * cin * cout + 2 * cout;
const dense = (cin: number, cout: number) => cin * cout + cout;

Count('parameter counts of the published architectures', () => {
  const count = (name: string, inputShape: [number, number, number]) => {
    const model = buildClassifier(name, { inputShape, classes: 10, seed: 0 });
    const n = countParameters(model);
    model.dispose();
    return n;
  };
  // Saito ch. 8's DeepConvNet (the table in deep-cnn.ts).
  assert.is(count('deep-cnn', [28, 28, 1]).total, 123552);
  // ResNet-20 with option-A shortcuts has 269,722 (He et al. 2016, Table 6: 0.27 M); the two
  // projection shortcuts (1×1 conv + BN γ, β) add 16·32 + 32·64 + 2·(32 + 64) = 2,752.
  assert.is(count('resnet20', [32, 32, 3]).trainable, 269722 + 2752);
  // VGG-style: 3 stages of 2 conv-BN, dense 256 on the 3×3×128 map (28 → 14 → 7 → 3).
  const vgg = convBn(3, 1, 32) + convBn(3, 32, 32) + convBn(3, 32, 64) + convBn(3, 64, 64) + convBn(3, 64, 128) + convBn(3, 128, 128) + dense(3 * 3 * 128, 256) + dense(256, 10);
  assert.is(count('vgg', [28, 28, 1]).trainable, vgg);
  // Inception modules at half GoogLeNet's widths.
  const module = (cin: number, a: number, b: number, c: number, d: number, e: number, f: number) =>
    [convBn(1, cin, a) + convBn(1, cin, b) + convBn(3, b, c) + convBn(1, cin, d) + convBn(5, d, e) + convBn(1, cin, f), a + c + e + f];
  const [m3a, out3a] = module(64, 32, 48, 64, 8, 16, 16);
  const [m3b, out3b] = module(out3a, 64, 64, 96, 16, 48, 32);
  const [m4a, out4a] = module(out3b, 96, 48, 104, 8, 24, 32);
  assert.equal([out3a, out3b, out4a], [128, 240, 256]);
  assert.is(count('inception', [28, 28, 1]).trainable, convBn(3, 1, 64) + m3a + m3b + m4a + dense(256, 10));
  assert.is(count('mlp', [28, 28, 1]).total, dense(784, 256) + dense(256, 128) + dense(128, 10));
});

Count.run();
