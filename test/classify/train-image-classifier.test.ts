import * as tf from '@tensorflow/tfjs';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { useAsyncReadsOnlyBackend } from '../helpers/async-reads-only-backend';
import { classifierRunData, resolveTrainImageClassifierConfig, trainImageClassifier, type ImageClassifierEvent } from '../../packages/classify/src/train-image-classifier';

await selectBackend('wasm', { quiet: true, threads: 1 });

const Train = suite('trainImageClassifier');

Train('a small CNN reaches ≥ 90 % on 500 test digits from 1,000 training digits within bounded time, leaking nothing', async () => {
  const tensors = tf.memory().numTensors;
  const started = performance.now();
  const events: ImageClassifierEvent[] = await lastValueFrom(trainImageClassifier({
    dataset: 'mnist', limit: 1000, testLimit: 500, valFraction: 0, model: 'deep-cnn', modelOptions: { dropout: 0, filters: [8, 8, 16, 16, 32, 32] },
    epochs: 4, batchSize: 25, learningRate: 2e-3, augment: [],
  }).pipe(toArray()));
  const seconds = (performance.now() - started) / 1000;
  const last = events[events.length - 1];
  assert.is(last.type, 'evaluation');
  if (last.type === 'evaluation') {
    assert.ok(last.accuracy >= 0.9, `test accuracy ${last.accuracy}`);
    assert.is(last.count, 500);
    assert.is(last.predicted.length, 500);
    assert.is(last.confusion.flat().reduce((a, b) => a + b, 0), 500);
    assert.is(last.step, 160);
  }
  assert.is(tf.memory().numTensors, tensors, 'model and tensors freed when the stream ends');
  assert.ok(seconds < 150, `${seconds} s`);
});

Train('bad configs name the field', () => {
  assert.throws(() => resolveTrainImageClassifierConfig({ model: 'resnet152' }), /model.*resnet152/);
  assert.throws(() => resolveTrainImageClassifierConfig({ augment: ['mirror'] }), /augment.*mirror/);
  assert.throws(() => resolveTrainImageClassifierConfig({ valFraction: 1 }), /valFraction/);
  assert.throws(() => resolveTrainImageClassifierConfig({ lrSchedule: 'polynomial' as never }), /lrSchedule/);
});

Train.run();

const Data = suite('classifierRunData');

Data('a stratified validation split of the training images, test images apart, augmentations that fit digits', () => {
  const d = classifierRunData(resolveTrainImageClassifierConfig({ dataset: 'mnist', limit: 500, valFraction: 0.2 }));
  assert.is(d.train.count + (d.validation?.count ?? 0), 500);
  assert.is(d.validation?.count, 100);
  assert.is(d.test.count, 1000);
  assert.equal(d.inputShape, [28, 28, 1]);
  assert.equal(d.augment, ['rotate', 'translate']);
  assert.is(classifierRunData(resolveTrainImageClassifierConfig({ dataset: 'mnist', limit: 100, valFraction: 0 })).validation, null);
});

Data.run();

const AsyncReads = suite('trainImageClassifier on a backend that reads only asynchronously');

AsyncReads('trains, validates, augments and tests as on the cpu backend (as classify train must on WebGPU under Node); no leaks', async () => {
  const config = {
    dataset: 'mnist' as const, limit: 120, testLimit: 60, valFraction: 0.25, model: 'mlp', augment: ['rotate', 'translate'], epochs: 2, batchSize: 30, seed: 5,
  };
  const run = async () => {
    const tensors = tf.memory().numTensors;
    const events = await lastValueFrom(trainImageClassifier(config).pipe(toArray()));
    assert.is(tf.memory().numTensors, tensors, `no tensor left on ${tf.getBackend()}`);
    return events.map((e) => ('samplesPerSecond' in e || 'seconds' in e ? { ...e, samplesPerSecond: 0, seconds: 0 } : e));
  };
  await tf.setBackend('cpu');
  const onCpu = await run();
  await useAsyncReadsOnlyBackend();
  try {
    const onAsync = await run();
    assert.equal(onAsync.map((e) => e.type), onCpu.map((e) => e.type));
    assert.ok(onAsync.some((e) => e.type === 'validation'), 'a validation pass ran');
    assert.equal(onAsync, onCpu);
    assert.is(onAsync[onAsync.length - 1].type, 'evaluation');
  } finally {
    await selectBackend('wasm', { quiet: true, threads: 1 });
  }
});

AsyncReads.run();
