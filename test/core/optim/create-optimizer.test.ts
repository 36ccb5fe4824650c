import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createOptimizer } from '../../../packages/core/src/optim/create-optimizer';
import type { OptimizerOptions } from '../../../packages/core/src/optim/optimizer-config';

await tf.setBackend('cpu');

const test = suite('createOptimizer');

test('step returns the loss, applies the update and counts iterations', () => {
  const theta = tf.variable(tf.scalar(1));
  const opt = createOptimizer({ name: 'sgd', learningRate: 0.1 });
  assert.is(opt.iteration, 0);
  const loss = opt.step(() => tf.square(theta));
  assert.is(loss.dataSync()[0], 1); // the loss before the update
  loss.dispose();
  assert.ok(Math.abs(theta.dataSync()[0] - 0.8) < 1e-7);
  assert.is(opt.iteration, 1);
  opt.dispose();
  theta.dispose();
});

test('the schedule sets each step\'s learning rate', () => {
  const theta = tf.variable(tf.scalar(1));
  // warm-up over 2 steps from 0: rates 0, 0.05, then 0.1
  const opt = createOptimizer({ name: 'sgd', learningRate: 0.1, schedule: { warmupSteps: 2 } });
  const seen: number[] = [];
  for (let i = 0; i < 3; i++) {
    seen.push(opt.learningRate);
    opt.step(() => tf.square(theta)).dispose();
  }
  assert.equal(seen, [0, 0.05, 0.1]);
  // θ: 1 → 1 (rate 0) → 1 − 0.05·2 = 0.9 → 0.9 − 0.1·1.8 = 0.72
  assert.ok(Math.abs(theta.dataSync()[0] - 0.72) < 1e-6);
  opt.learningRate = 1; // assigning sets the base rate
  assert.is(opt.learningRate, 1);
  assert.throws(() => (opt.learningRate = -1), /learningRate/);
  opt.dispose();
  theta.dispose();
});

test('clipNorm rescales the global gradient norm as clip_grad_norm_', () => {
  const theta = tf.variable(tf.tensor1d([0, 0]));
  const opt = createOptimizer({ name: 'sgd', learningRate: 1, clipNorm: 1 });
  // loss = 3θ₀ + 4θ₁ has gradient (3, 4), norm 5 → (3, 4) · 1/(5 + 1e-6)
  opt.step(() => tf.sum(tf.mul(theta, tf.tensor1d([3, 4])))).dispose();
  const [a, b] = theta.dataSync();
  assert.ok(Math.abs(a + 0.6) < 1e-6 && Math.abs(b + 0.8) < 1e-6, `${a}, ${b}`);
  opt.dispose();
  theta.dispose();
});

test('clipValue clamps each element', () => {
  const theta = tf.variable(tf.tensor1d([0, 0]));
  const opt = createOptimizer({ name: 'sgd', learningRate: 1, clipValue: 0.5 });
  opt.step(() => tf.sum(tf.mul(theta, tf.tensor1d([3, -0.25])))).dispose();
  assert.equal(Array.from(theta.dataSync()), [-0.5, 0.25]);
  opt.dispose();
  theta.dispose();
});

test('every optimizer drives a convex quadratic to its known optimum', () => {
  // f(θ) = Σᵢ cᵢ (θᵢ − tᵢ)² with minimum at t; a cosine schedule to 0 settles the adaptive methods.
  const target = [1.5, -2, 0.25];
  const curvature = tf.tensor1d([1, 4, 0.5]);
  const t = tf.tensor1d(target);
  const cases: OptimizerOptions[] = [
    { name: 'adam', learningRate: 0.1 },
    { name: 'sgd', learningRate: 0.1 },
    { name: 'momentum', learningRate: 0.05 },
    { name: 'nesterov', learningRate: 0.05 },
    { name: 'adagrad', learningRate: 0.5 },
    { name: 'rmsprop', learningRate: 0.02 },
    { name: 'rmsprop', learningRate: 0.01, centered: true, momentum: 0.5, epsilon: 0.01 },
  ];
  for (const options of cases) {
    const theta = tf.variable(tf.zeros([3]));
    const opt = createOptimizer({ ...options, schedule: { name: 'cosine', totalSteps: 300 } });
    for (let i = 0; i < 300; i++) opt.step(() => tf.sum(tf.mul(curvature, tf.square(tf.sub(theta, t))))).dispose();
    const got = Array.from(theta.dataSync());
    assert.ok(got.every((v, i) => Math.abs(v - target[i]) < 1e-2), `${JSON.stringify(options)} ended at ${got}`);
    opt.dispose();
    theta.dispose();
  }
  curvature.dispose();
  t.dispose();
});

test('getState/setState resume a run exactly, step counter included', async () => {
  const loss = (theta: tf.Variable) => (): tf.Scalar => tf.sum(tf.square(tf.sub(theta, tf.tensor1d([1, 2]))));
  const options: OptimizerOptions = { name: 'adam', learningRate: 0.1, schedule: { name: 'exponential', gamma: 0.9 } };
  const theta = tf.variable(tf.tensor1d([0, 0]));
  const a = createOptimizer(options);
  for (let i = 0; i < 3; i++) a.step(loss(theta)).dispose();
  const state = await a.getState();
  const saved = theta.dataSync().slice();
  for (let i = 0; i < 2; i++) a.step(loss(theta)).dispose();
  const uninterrupted = Array.from(theta.dataSync());

  theta.assign(tf.tensor1d(Array.from(saved)));
  const b = createOptimizer(options);
  await b.setState(state);
  tf.dispose(state.map((s) => s.tensor));
  assert.is(b.iteration, 3);
  assert.ok(Math.abs(b.learningRate - 0.1 * 0.9 ** 3) < 1e-15); // the schedule resumes at step 3
  for (let i = 0; i < 2; i++) b.step(loss(theta)).dispose();
  assert.equal(Array.from(theta.dataSync()), uninterrupted);
  a.dispose();
  b.dispose();
  theta.dispose();
});

test('leaks no tensors across steps, with clipping on', () => {
  const theta = tf.variable(tf.ones([4]));
  const opt = createOptimizer({ name: 'rmsprop', centered: true, momentum: 0.9, clipNorm: 0.5, clipValue: 1 });
  opt.step(() => tf.sum(tf.square(theta))).dispose();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) opt.step(() => tf.sum(tf.square(theta))).dispose();
  assert.is(tf.memory().numTensors, before);
  opt.dispose();
  theta.dispose();
  assert.is(tf.memory().numTensors, before - 4); // 3 slots and θ
});

test('varList limits the update to the listed variables', () => {
  const a = tf.variable(tf.scalar(1));
  const b = tf.variable(tf.scalar(1));
  const opt = createOptimizer({ name: 'sgd', learningRate: 0.1 });
  opt.step(() => tf.add(tf.square(a), tf.square(b)) as tf.Scalar, [a]).dispose();
  assert.equal([a.dataSync()[0], b.dataSync()[0]], [Math.fround(0.8), 1]);
  opt.dispose();
  tf.dispose([a, b]);
});

test('its optimizer trains a tfjs-layers model through compile/fit', async () => {
  // y = 2x − 1 with one dense unit: Adam at 0.1 fits it in a few hundred small steps.
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'zeros' })] });
  const opt = createOptimizer({ name: 'adam', learningRate: 0.1 });
  model.compile({ optimizer: opt.optimizer, loss: 'meanSquaredError' });
  const xs = tf.tensor2d([-1, 0, 1, 2], [4, 1]);
  const ys = tf.tensor2d([-3, -1, 1, 3], [4, 1]);
  const history = await model.fit(xs, ys, { epochs: 200, batchSize: 4, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.ok(losses[losses.length - 1] < 1e-3 * losses[0], `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  assert.is(opt.iteration, 200);
  tf.dispose([xs, ys]);
  model.dispose();
  opt.dispose();
});

test('refuses unknown optimizers and misplaced fields', () => {
  assert.throws(() => createOptimizer({ name: 'lamb' as never }), /one of "adam", "sgd"/);
  assert.throws(() => createOptimizer({ name: 'sgd', beta1: 0.9 }), /unknown field "beta1"/);
  assert.throws(() => createOptimizer({ name: 'nesterov', dampening: 0.1 }), /dampening/);
  assert.throws(() => createOptimizer({ clipNorm: 0 }), /clipNorm/);
});

test.run();
