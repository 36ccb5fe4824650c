import * as tf from '@tensorflow/tfjs';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classifierData, resolveTrainClassifierConfig, trainClassifier, type ClassifierEvent } from '../../packages/classify/src/train-classifier';
import { selectBackend } from '../../packages/core/src/backend/select-backend';

await selectBackend('wasm', { quiet: true, threads: 1 });

const TrainClassifier = suite('trainClassifier');

TrainClassifier('the deep CNN learns the npm digits on a tiny subset within seconds, then reports test accuracy', async () => {
  const tensors = tf.memory().numTensors;
  const started = performance.now();
  const events: ClassifierEvent[] = await lastValueFrom(trainClassifier({ limit: 200, testCount: 100, epochs: 4, batchSize: 20, learningRate: 2e-3, model: { dropout: 0.2 } }).pipe(toArray()));
  const seconds = (performance.now() - started) / 1000;
  const epochs = events.filter((e) => e.type === 'epoch');
  assert.is(epochs.length, 4);
  const first = epochs[0].type === 'epoch' ? epochs[0].loss : NaN;
  const last = epochs[3].type === 'epoch' ? epochs[3].loss : NaN;
  assert.ok(last < 0.7 * first, `epoch loss ${first} → ${last}`);
  const test = events[events.length - 1];
  assert.is(test.type, 'test');
  if (test.type === 'test') {
    assert.is(test.count, 100);
    assert.ok(test.accuracy > 0.3, `test accuracy ${test.accuracy} (chance 0.1)`);
    assert.is(test.step, 40);
  }
  assert.is(tf.memory().numTensors, tensors, 'the model and every tensor are freed when the stream ends');
  assert.ok(seconds < 60, `${seconds} s`);
});

TrainClassifier('lrSchedule cosine decays Adam\'s rate to near 0 at the last step; augment runs the named augmentations; both recorded defaults are the book\'s', async () => {
  const defaults = resolveTrainClassifierConfig({});
  assert.is(defaults.lrSchedule, 'constant');
  assert.equal(defaults.augment, []);
  const run = (augment: string[]) => lastValueFrom(trainClassifier({ limit: 40, testCount: 20, epochs: 2, batchSize: 10, validate: false, lrSchedule: 'cosine', augment }).pipe(toArray()));
  const plain = await run([]);
  const batches = plain.filter((e) => e.type === 'batch');
  assert.is(batches.length, 8);
  const rates = batches.map((e) => (e.type === 'batch' ? e.learningRate : NaN));
  assert.is(rates[0], 1e-3);
  for (let i = 1; i < rates.length; i++) assert.ok(rates[i] < rates[i - 1], rates.join(' '));
  assert.ok(rates[7] < 0.05e-3, String(rates[7]));
  // Same seed, same weights and order: only the augmentation differs, so the losses must.
  const flipped = await run(['flip', 'crop']);
  const loss = (events: ClassifierEvent[]) => events.filter((e) => e.type === 'batch').map((e) => (e.type === 'batch' ? e.loss : NaN));
  assert.is(loss(flipped)[0] === loss(plain)[0] && loss(flipped)[7] === loss(plain)[7], false, 'augmented minibatches give other losses');
  assert.throws(() => resolveTrainClassifierConfig({ augment: ['mirror'] }), /augment/);
  assert.throws(() => resolveTrainClassifierConfig({ lrSchedule: 'polynomial' as never }), /lrSchedule/);
});

TrainClassifier.run();

const Data = suite('classifierData');

Data('mnist: the first testCount digits test, the next limit train, classes balanced', () => {
  const c = resolveTrainClassifierConfig({ limit: 50, testCount: 100 });
  const { train, test } = classifierData(c);
  const counts = new Array(10).fill(0);
  for (const label of test.y as Uint8Array) counts[label]++;
  assert.equal(counts, new Array(10).fill(10));
  assert.is((train.y as Uint8Array).length, 50);
  assert.is((train.x as Float32Array).length, 50 * 784);
  assert.equal(train.sampleShape, [28, 28, 1]);
  assert.throws(() => resolveTrainClassifierConfig({ testCount: 10000 }), /testCount/);
  assert.throws(() => resolveTrainClassifierConfig({ dataset: 'cifar' as never }), /dataset/);
});

Data.run();
