import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { discriminatorRejectionSample, type DiscriminatorLogit } from '../../packages/dcgan/src/discriminator-rejection';
import { rejects } from '../helpers/rejects';

const Drs = suite('discriminatorRejectionSample');
Drs.before(async () => {
  await tf.setBackend('cpu');
});

/**
 * A one-pixel "generator" whose image is its latent point: x = z ~ U(−1, 1), so p_g = 1/2 on
 * (−1, 1). With classes, a second input y is ignored (every class draws the same x).
 */
function identityGenerator(classes: number): tf.LayersModel {
  const z = tf.input({ shape: [1] });
  const y = classes > 0 ? tf.input({ shape: [classes] }) : null;
  const joined = y === null ? z : tf.layers.concatenate().apply([z, y]) as tf.SymbolicTensor;
  const pick = tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'zeros' });
  const x = tf.layers.reshape({ targetShape: [1, 1, 1] }).apply(pick.apply(joined)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: y === null ? z : [z, y], outputs: x });
  pick.setWeights([tf.tensor2d([1, ...new Array(classes).fill(0)], [1 + classes, 1])]);
  return model;
}

/**
 * The logit of the optimal discriminator for p_data(x | y) = (1 + s x) / 2 against p_g = 1/2:
 * D̃ = log p_data / p_g = log(1 + s x), s = +1 for class 0 (and unconditionally), −1 for class 1.
 * Under that p_data, E[x] = s / 3.
 */
const tiltedLogit: DiscriminatorLogit = (x, y) => tf.tidy(() => {
  const s = y === null ? tf.onesLike(x.reshape([-1])) : y.slice([0, 0], [-1, 1]).sub(y.slice([0, 1], [-1, 1])).reshape([-1]);
  return tf.log(tf.add(1, tf.mul(s, x.reshape([-1]))));
});

const mean = (values: ArrayLike<number>, from = 0, step = 1) => {
  let sum = 0;
  let count = 0;
  for (let i = from; i < values.length; i += step, count++) sum += values[i];
  return sum / count;
};

Drs('with γ = 0 it is rejection sampling: an optimal discriminator turns U(−1, 1) into p_data(x) = (1 + x) / 2, mean 1/3, accepting half', async () => {
  const generator = identityGenerator(0);
  const before = tf.memory().numTensors;
  const sample = await discriminatorRejectionSample(generator, tiltedLogit, { latentDim: 1, classes: 0 }, { n: 3000, gammaPercentile: null, seed: 1 });
  assert.is(tf.memory().numTensors, before, 'no tensor leaked');
  assert.equal([sample.size, sample.channels, sample.images.length, sample.labels], [1, 1, 3000, null]);
  // The mean of 3,000 draws of p_data has a standard deviation of √(2/9 / 3000) ≈ 0.0086.
  assert.ok(Math.abs(mean(sample.images) - 1 / 3) < 0.03, `mean ${mean(sample.images)}`);
  // Acceptance e^{D̃ − D̃_M} averages 1/2 over p_g (D̃_M ≈ log 2).
  assert.ok(sample.acceptance > 0.45 && sample.acceptance < 0.56, `acceptance ${sample.acceptance}`);
  assert.is(sample.candidates, 9000, 'one round of 3n candidates sufficed');
  generator.dispose();
});

Drs('a conditional generator: D̃_M and γ per class, every class its n / K samples, classes cycling', async () => {
  const generator = identityGenerator(2);
  const sample = await discriminatorRejectionSample(generator, tiltedLogit, { latentDim: 1, classes: 2 }, { n: 4000, gammaPercentile: null, seed: 2 });
  assert.equal(Array.from(sample.labels!.slice(0, 4)), [0, 1, 0, 1]);
  assert.ok(Math.abs(mean(sample.images, 0, 2) - 1 / 3) < 0.03, `class 0 mean ${mean(sample.images, 0, 2)}`);
  assert.ok(Math.abs(mean(sample.images, 1, 2) + 1 / 3) < 0.03, `class 1 mean ${mean(sample.images, 1, 2)}`);
  generator.dispose();
});

Drs('γ at a percentile of F accepts more than γ = 0 and tilts less; the same seed gives the same samples, another seed others', async () => {
  const generator = identityGenerator(0);
  const run = (gammaPercentile: number | null, seed: number) => discriminatorRejectionSample(generator, tiltedLogit, { latentDim: 1, classes: 0 }, { n: 2000, gammaPercentile, seed });
  const [exact, median, again, other] = [await run(null, 3), await run(50, 3), await run(50, 3), await run(50, 4)];
  assert.ok(median.acceptance > exact.acceptance, `${median.acceptance} vs ${exact.acceptance}`);
  assert.ok(mean(median.images) > 0.05 && mean(median.images) < mean(exact.images), `${mean(median.images)} vs ${mean(exact.images)}`);
  assert.equal(Array.from(again.images), Array.from(median.images));
  assert.not.equal(Array.from(other.images), Array.from(median.images));
  generator.dispose();
});

Drs('too few accepted samples, and bad settings, are refused by name', async () => {
  const generator = identityGenerator(2);
  const model = { latentDim: 1, classes: 2 };
  // Exact rejection accepts about half the candidates: one round of n candidates cannot give n.
  await rejects(discriminatorRejectionSample(generator, tiltedLogit, model, { n: 200, gammaPercentile: null, oversample: 1, maxRounds: 1 }),
    /expects 100 accepted samples of class [01] within 1 rounds of 200 candidates, but received \d+; raise oversample or maxRounds/);
  await rejects(discriminatorRejectionSample(generator, tiltedLogit, model, { n: 25 }), /n to be a multiple of the 2 classes.*but received 25/);
  await rejects(discriminatorRejectionSample(generator, tiltedLogit, model, { n: 20, gammaPercentile: 120 }), /gammaPercentile to be a finite number ≥ 0 and ≤ 100, but received 120/);
  await rejects(discriminatorRejectionSample(generator, tiltedLogit, model, { n: 20, oversample: 0.5 }), /oversample/);
  generator.dispose();
});

Drs.run();
