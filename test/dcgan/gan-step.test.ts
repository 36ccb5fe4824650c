import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '../../packages/core/src/optim/create-optimizer';
import { buildDcgan } from '../../packages/dcgan/src/dcgan-config';
import { ganStep, ganStepTensors, readGanStep, type GanPair } from '../../packages/dcgan/src/gan-step';

const GanStep = suite('ganStep');
GanStep.before(async () => {
  await tf.setBackend('cpu');
});

const adam = (learningRate = 2e-4) => createOptimizer({ name: 'adam', learningRate, beta1: 0.5 });
const snapshot = (m: tf.LayersModel) => m.trainableWeights.map((w) => Array.from(w.read().dataSync()));

GanStep('one step changes the weights of both networks, reports D(x), D(G(z)) in (0, 1), and leaks no tensor', () => {
  for (const classes of [0, 3]) {
    const { generator, discriminator } = buildDcgan({ baseFilters: 4, latentDim: 8, seed: 2, classes });
    const pair: GanPair = { generator, discriminator, generatorOptimizer: adam(), discriminatorOptimizer: adam() };
    const real = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 1);
    const z = tf.randomUniform([4, 8], -1, 1, 'float32', 2);
    const labels = classes ? tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), classes).toFloat() : null;
    ganStep(pair, real, z, labels); // creates Adam's slots
    const [g0, d0] = [snapshot(generator), snapshot(discriminator)];
    const before = tf.memory().numTensors;
    const r = ganStep(pair, real, z, labels, 0.1);
    assert.is(tf.memory().numTensors, before);
    assert.ok(r.dReal > 0 && r.dReal < 1 && r.dFake > 0 && r.dFake < 1, JSON.stringify(r));
    assert.ok(Number.isFinite(r.dLoss) && Number.isFinite(r.gLoss));
    const changed = (a: number[][], b: number[][]) => a.filter((w, i) => w.some((v, j) => v !== b[i][j])).length;
    assert.is(changed(snapshot(generator), g0), g0.length, 'every generator weight moved');
    assert.is(changed(snapshot(discriminator), d0), d0.length, 'every discriminator weight moved');
    tf.dispose([real, z, ...(labels ? [labels] : [])]);
    pair.generatorOptimizer.dispose();
    pair.discriminatorOptimizer.dispose();
    generator.dispose();
    discriminator.dispose();
  }
});

GanStep('readGanStep(ganStepTensors(...)) reads, without blocking, the numbers and weights ganStep gives, and leaks no tensor', async () => {
  const make = (): GanPair => {
    const { generator, discriminator } = buildDcgan({ baseFilters: 4, latentDim: 8, seed: 5, classes: 3 });
    return { generator, discriminator, generatorOptimizer: adam(), discriminatorOptimizer: adam() };
  };
  const [a, b] = [make(), make()];
  const real = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 1);
  const z = tf.randomUniform([4, 8], -1, 1, 'float32', 2);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3).toFloat();
  for (let i = 0; i < 2; i++) {
    const before = tf.memory().numTensors;
    const blocking = ganStep(a, real, z, labels, 0.1);
    const afterBlocking = tf.memory().numTensors;
    const nonBlocking = await readGanStep(ganStepTensors(b, real, z, labels, 0.1));
    // The first step creates Adam's slots in each pair, so count each pair's own step.
    assert.is(tf.memory().numTensors - afterBlocking, afterBlocking - before);
    assert.equal(nonBlocking, blocking);
  }
  assert.equal(snapshot(b.generator), snapshot(a.generator));
  assert.equal(snapshot(b.discriminator), snapshot(a.discriminator));
  const before = tf.memory().numTensors;
  await readGanStep(ganStepTensors(b, real, z, labels));
  assert.is(tf.memory().numTensors, before, 'a step after the first leaves the tensor count as it was');
  for (const pair of [a, b]) {
    pair.generatorOptimizer.dispose();
    pair.discriminatorOptimizer.dispose();
    pair.generator.dispose();
    pair.discriminator.dispose();
  }
  tf.dispose([real, z, labels]);
});

/** A two-hidden-layer perceptron, seeded. */
function mlp(inputs: number, outputs: number, seed: number, leaky: boolean): tf.LayersModel {
  const x = tf.input({ shape: [inputs] });
  let h: tf.SymbolicTensor = x;
  for (let i = 0; i < 2; i++) {
    h = tf.layers.dense({ units: 32, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }) }).apply(h) as tf.SymbolicTensor;
    h = (leaky ? tf.layers.leakyReLU({ alpha: 0.2 }) : tf.layers.reLU()).apply(h) as tf.SymbolicTensor;
  }
  const y = tf.layers.dense({ units: outputs, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 9 }) }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y });
}

GanStep('the hinge loss: L_D = mean max(0, 1 − D(x)) + mean max(0, 1 + D(G(z))), L_G = −mean D(G(z)), by hand', () => {
  // Dense networks without batch norm and a negligible rate: the reported losses are those of the weights before the step.
  const pair: GanPair = { generator: mlp(3, 2, 20, false), discriminator: mlp(2, 1, 120, true), generatorOptimizer: adam(1e-12), discriminatorOptimizer: adam(1e-12) };
  const real = tf.randomNormal([16, 2], 0, 2, 'float32', 3);
  const z = tf.randomNormal([16, 3], 0, 50, 'float32', 4);
  const realLogits = Array.from((pair.discriminator.predict(real) as tf.Tensor).dataSync());
  const fakeLogits = Array.from((pair.discriminator.predict(pair.generator.predict(z) as tf.Tensor) as tf.Tensor).dataSync());
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  // Logits on both sides of the margins, so that both hinges bend within the batch.
  assert.ok(realLogits.some((l) => l > 1) && realLogits.some((l) => l < 1) && fakeLogits.some((l) => l < -1) && fakeLogits.some((l) => l > -1), `${realLogits} / ${fakeLogits}`);
  const r = ganStep(pair, real, z, null, 0, 'hinge');
  assert.ok(Math.abs(r.dLoss - (mean(realLogits.map((l) => Math.max(0, 1 - l))) + mean(fakeLogits.map((l) => Math.max(0, 1 + l))))) < 1e-5, `D loss ${r.dLoss}`);
  assert.ok(Math.abs(r.gLoss + mean(fakeLogits)) < 1e-5, `G loss ${r.gLoss}, −mean D(G(z)) ${-mean(fakeLogits)}`);
  assert.ok(Math.abs(r.dReal - mean(realLogits.map((l) => 1 / (1 + Math.exp(-l))))) < 1e-5, 'D(x) is still the mean sigmoid');
  assert.throws(() => ganStep(pair, real, z, null, 0.1, 'hinge'), /labelSmoothing to be 0 with the hinge loss/);
  tf.dispose([real, z]);
  [pair.generatorOptimizer, pair.discriminatorOptimizer, pair.generator, pair.discriminator].forEach((x) => x.dispose());
});

for (const loss of ['nonsaturating', 'hinge'] as const) GanStep(`a small GAN learns a ring of 8 Gaussians and covers at least 7 modes in 1,000 steps (${loss} loss)`, () => {
  // The toy problem of Metz et al. 2017 (Unrolled GANs, §3.1): 8 modes on a circle of radius 2, σ 0.05.
  const centers = Array.from({ length: 8 }, (_, k) => [2 * Math.cos((k * Math.PI) / 4), 2 * Math.sin((k * Math.PI) / 4)]);
  const pair: GanPair = { generator: mlp(2, 2, 10, false), discriminator: mlp(2, 1, 110, true), generatorOptimizer: adam(2e-3), discriminatorOptimizer: adam(2e-3) };
  const centerTensor = tf.tensor2d(centers);
  for (let step = 0; step < 1000; step++) {
    const real = tf.tidy(() => tf.gather(centerTensor, tf.randomUniform([64], 0, 8, 'int32', 100001 + 2 * step)).add(tf.randomNormal([64, 2], 0, 0.05, 'float32', 100002 + 2 * step)));
    const z = tf.randomNormal([64, 2], 0, 1, 'float32', 7780 + step);
    ganStep(pair, real, z, null, 0, loss);
    tf.dispose([real, z]);
  }
  const samples = tf.tidy(() => pair.generator.predict(tf.randomNormal([1000, 2], 0, 1, 'float32', 5)) as tf.Tensor).arraySync() as number[][];
  // A mode is covered when ≥ 2 % of the samples lie within 0.5 of it (a third of the gap between neighbours, 1.53).
  const near = centers.map(([cx, cy]) => samples.filter(([x, y]) => Math.hypot(x - cx, y - cy) < 0.5).length);
  const covered = near.filter((n) => n >= 20).length;
  const onModes = near.reduce((a, b) => a + b, 0) / samples.length;
  assert.ok(covered >= 7, `samples near each mode: ${near.join(', ')}`);
  assert.ok(onModes >= 0.5, `only ${(100 * onModes).toFixed(0)} % of samples near a mode: ${near.join(', ')}`);
  centerTensor.dispose();
  pair.generatorOptimizer.dispose();
  pair.discriminatorOptimizer.dispose();
  pair.generator.dispose();
  pair.discriminator.dispose();
});

GanStep.run();
