import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate } from '../../packages/core/src/train/evaluate';
import { evaluateClassifier, scorePredictions } from '../../packages/classify/src/evaluate-classifier';
import { loadMnist } from '../../packages/classify/src/datasets/load-mnist';
import { buildClassifier } from '../../packages/classify/src/models/model-registry';
import { useAsyncReadsOnlyBackend } from '../helpers/async-reads-only-backend';

await tf.setBackend('cpu');

const Score = suite('scorePredictions');
Score('argmax predictions, accuracy, cross-entropy and the confusion matrix', () => {
  const probabilities = new Float32Array([0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.3, 0.3, 0.4, 0.5, 0.4, 0.1]);
  const r = scorePredictions(probabilities, [0, 1, 1, 2], 3);
  assert.equal(r.predicted, [0, 1, 2, 0]);
  assert.is(r.accuracy, 0.5);
  assert.equal(r.confusion, [[1, 0, 0], [0, 1, 1], [1, 0, 0]]);
  assert.ok(Math.abs(r.loss - -(Math.log(0.7) + Math.log(0.8) + Math.log(0.3) + Math.log(0.1)) / 4) < 1e-6);
});
Score.run();

const Evaluate = suite('evaluateClassifier');
Evaluate('agrees with core evaluate; fp16 changes little and restores the weights; no leaks', async () => {
  const data = loadMnist({ limit: 60 });
  const model = buildClassifier('mlp', { inputShape: [28, 28, 1], classes: 10, seed: 2 });
  const tensors = tf.memory().numTensors;
  const ours = await evaluateClassifier(model, data, { batchSize: 25 });
  const core = await evaluate(model, { x: data.images, y: data.labels, sampleShape: [28, 28, 1] });
  assert.ok(Math.abs(ours.accuracy - core.accuracy) < 1e-9);
  assert.ok(Math.abs(ours.loss - core.loss) < 1e-4, `${ours.loss} vs ${core.loss}`);
  const before = Array.from(model.weights[0].read().dataSync());
  const half = await evaluateClassifier(model, data, { halfPrecision: true });
  assert.ok(Math.abs(half.loss - ours.loss) < 1e-2);
  assert.equal(Array.from(model.weights[0].read().dataSync()), before);
  assert.is(tf.memory().numTensors, tensors);
  try {
    await evaluateClassifier(model, { ...data, classNames: ['a', 'b'] });
    assert.unreachable('a model of 10 outputs on 2 classes is refused');
  } catch (error) {
    assert.match(String(error), /one output per class/);
  }
  model.dispose();
});
Evaluate('testTimeFlip: each image\'s probabilities are the mean over it and its mirror image; no leaks', async () => {
  const data = loadMnist({ limit: 30 });
  const model = buildClassifier('mlp', { inputShape: [28, 28, 1], classes: 10, seed: 3 });
  const mirrored = new Float32Array(data.images.length);
  for (let i = 0; i < data.count; i++) {
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) mirrored[i * 784 + y * 28 + x] = data.images[i * 784 + y * 28 + (27 - x)];
  }
  const plain = (await evaluateClassifier(model, data)).probabilities;
  const ofMirrors = (await evaluateClassifier(model, { ...data, images: mirrored })).probabilities;
  const tensors = tf.memory().numTensors;
  const flipped = await evaluateClassifier(model, data, { testTimeFlip: true, batchSize: 7 });
  assert.is(tf.memory().numTensors, tensors);
  flipped.probabilities.forEach((p, k) => assert.ok(Math.abs(p - (plain[k] + ofMirrors[k]) / 2) < 1e-6, `probability ${k}: ${p}`));
  assert.ok(flipped.probabilities.some((p, k) => Math.abs(p - plain[k]) > 1e-4), 'the mirror images change the probabilities');
  model.dispose();
});
Evaluate('reads only asynchronously (as on WebGPU under Node): the cpu backend\'s probabilities, with fp16 and flips too; no leaks', async () => {
  const data = loadMnist({ limit: 40 });
  const model = buildClassifier('mlp', { inputShape: [28, 28, 1], classes: 10, seed: 4 });
  const configs = [{ batchSize: 15 }, { halfPrecision: true }, { testTimeFlip: true, batchSize: 9 }];
  const onCpu = [];
  for (const config of configs) onCpu.push(await evaluateClassifier(model, data, config));
  await useAsyncReadsOnlyBackend();
  try {
    const tensors = tf.memory().numTensors;
    for (const [i, config] of configs.entries()) {
      const e = await evaluateClassifier(model, data, config);
      assert.equal(Array.from(e.probabilities), Array.from(onCpu[i].probabilities), `config ${JSON.stringify(config)}`);
      assert.is(e.accuracy, onCpu[i].accuracy);
    }
    assert.is(tf.memory().numTensors, tensors);
  } finally {
    await tf.setBackend('cpu');
    model.dispose();
  }
});
Evaluate.run();
