import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { buildDcgan } from '../../packages/dcgan/src/dcgan-config';
import { emaDecayAt, GeneratorEma } from '../../packages/dcgan/src/generator-ema';
import { ganStep, type GanPair } from '../../packages/dcgan/src/gan-step';
import { disposePair, pairOf, tiny } from './helpers/tiny-pair';

const Ema = suite('GeneratorEma');
Ema.before(async () => {
  await tf.setBackend('cpu');
});

const valuesOf = (model: tf.LayersModel) => model.weights.map((w) => Float64Array.from(w.read().dataSync()));
/** One GAN step on fixed random data (the same for every call with the same `k`). */
const step = (pair: GanPair, k: number) => tf.tidy(() => {
  const real = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 100 + k);
  const z = tf.randomUniform([4, 8], -1, 1, 'float32', 200 + k);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, k % 3], 'int32'), 3).toFloat();
  ganStep(pair, real, z, labels);
});

Ema('emaDecayAt: (1 + t) / (2 + t) early (the mean of the iterates so far), then the target decay', () => {
  assert.is(emaDecayAt(0.999, 0), 0.5);
  assert.is(emaDecayAt(0.999, 10), 11 / 12);
  assert.is(emaDecayAt(0.999, 997), 998 / 999);
  assert.is(emaDecayAt(0.999, 998), 0.999);
  assert.is(emaDecayAt(0.5, 20), 0.5);
  // Three updates from θ̄ = θ₀ leave the mean of θ₀ … θ₃.
  let avg = 0;
  [4, 8, 12].forEach((theta, t) => (avg = emaDecayAt(0.999, t) * avg + (1 - emaDecayAt(0.999, t)) * theta));
  assert.ok(Math.abs(avg - (0 + 4 + 8 + 12) / 4) < 1e-12);
});

Ema('after each step the average is β_t·average + (1 − β_t)·G, batch-norm statistics included, and training is unchanged', () => {
  const pair = pairOf();
  const twin = buildDcgan(tiny);
  twin.discriminator.dispose();
  const ema = new GeneratorEma(pair.generator, twin.generator, 0.9);
  const reference = pairOf();
  try {
    let expected = valuesOf(pair.generator);
    assert.equal(valuesOf(ema.average), expected, 'the average starts at G');
    for (let k = 0; k < 3; k++) {
      step(pair, k);
      step(reference, k);
      const before = tf.memory().numTensors;
      const beta = ema.update();
      assert.is(tf.memory().numTensors, before, 'update leaks no tensor');
      assert.is(beta, emaDecayAt(0.9, k));
      const live = valuesOf(pair.generator);
      expected = expected.map((avg, i) => avg.map((a, j) => beta * a + (1 - beta) * live[i][j]));
      const got = valuesOf(ema.average);
      got.forEach((w, i) => w.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) < 1e-5, `weight ${ema.average.weights[i].name}[${j}]: ${v} vs ${expected[i][j]}`)));
    }
    assert.is(ema.updates, 3);
    // The average differs from G (it lags), in the trained weights and in the moving statistics.
    const names = pair.generator.weights.map((w) => w.name);
    const differs = (i: number) => valuesOf(ema.average)[i].some((v, j) => Math.abs(v - valuesOf(pair.generator)[i][j]) > 1e-6);
    const movingMean = names.findIndex((n) => n.includes('moving_mean'));
    assert.ok(movingMean >= 0 && differs(movingMean), 'the batch norm moving mean is averaged');
    assert.ok(differs(0), 'the first kernel is averaged');
    // The same steps without an average leave G where the averaged run left it.
    assert.equal(valuesOf(reference.generator), valuesOf(pair.generator));
  } finally {
    ema.dispose();
    disposePair(pair);
    disposePair(reference);
  }
});

Ema('refuses an average of another architecture and a decay outside (0, 1)', () => {
  const pair = pairOf();
  const other = buildDcgan({ ...tiny, baseFilters: 8 });
  try {
    assert.throws(() => new GeneratorEma(pair.generator, other.generator, 0.999), /GeneratorEma expects average to be a model with the generator's weight shapes/);
    assert.throws(() => new GeneratorEma(pair.generator, pair.generator, 1), /GeneratorEma expects decay/);
    assert.throws(() => new GeneratorEma(pair.generator, pair.generator, 0.9, -1), /GeneratorEma expects updates to be a non-negative integer/);
  } finally {
    disposePair(pair);
    other.generator.dispose();
    other.discriminator.dispose();
  }
});

Ema.run();
