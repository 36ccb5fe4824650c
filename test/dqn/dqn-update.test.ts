/**
 * The update against one computed by hand on a 2-state, 2-action MDP. The Q-network is a
 * table: one-hot state in, a bias-free linear layer W (rows states, columns actions) out,
 * so Q(s, a) = W[s, a] and ∂L/∂W[s, a] is the TD error's share of the loss gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createOptimizer } from '../../packages/core/src/optim/create-optimizer';
import { dqnUpdate, type DqnUpdateConfig } from '../../packages/dqn/src/dqn-update';
import type { UpdateBatch } from '../../packages/dqn/src/batch-tensors';

await tf.setBackend('cpu');

function table(values: number[][]): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, useBias: false, inputShape: [2] })] });
  model.setWeights([tf.tensor2d(values)]);
  return model;
}

const W = [[1, 2], [3, 4]];
const Wtarget = [[0.5, -1], [2, 0]];

/** t1: s=0, a=1, r=1, s'=1; t2: s=1, a=0, r=0.5, s'=0 (terminated unless `truncate`). */
function batch(options: { truncate?: boolean; steps?: number[]; weights?: number[] } = {}): UpdateBatch {
  return {
    observations: tf.tensor2d([[1, 0], [0, 1]]),
    actions: tf.tensor1d([1, 0], 'int32'),
    rewards: tf.tensor1d([1, 0.5]),
    nextObservations: tf.tensor2d([[0, 1], [1, 0]]),
    terminated: tf.tensor1d([0, options.truncate ? 0 : 1]),
    steps: tf.tensor1d(options.steps ?? [1, 1]),
    weights: options.weights ? tf.tensor1d(options.weights) : null,
  };
}

function run(config: Partial<DqnUpdateConfig>, options: Parameters<typeof batch>[0] = {}) {
  const q = table(W);
  const target = table(Wtarget);
  const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.1 });
  const b = batch(options);
  const result = dqnUpdate(q, target, optimizer, b, { gamma: 0.9, loss: 'mse', double: false, ...config });
  const after = (q.getWeights()[0].arraySync() as number[][]).map((row) => row.map((v) => Number(v.toFixed(6))));
  const targetAfter = target.getWeights()[0].arraySync();
  tf.dispose(Object.values(b).filter((t): t is tf.Tensor => t !== null));
  optimizer.dispose();
  q.dispose();
  target.dispose();
  return { ...result, tdErrors: Array.from(result.tdErrors).map((v) => Number(v.toFixed(6))), after, targetAfter };
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-5;

const DqnUpdate = suite('dqnUpdate');

DqnUpdate('matches the hand computation: y = r + γ max Q⁻(s′), terminal rows not bootstrapped, SGD on mean δ²', () => {
  // y1 = 1 + 0.9 · max(2, 0) = 2.8, δ1 = W[0,1] − y1 = 2 − 2.8 = −0.8
  // y2 = 0.5 (terminated),          δ2 = W[1,0] − y2 = 3 − 0.5 = 2.5
  // L = (0.64 + 6.25) / 2; ∂L/∂W[0,1] = δ1, ∂L/∂W[1,0] = δ2; W ← W − 0.1 ∇L
  const r = run({});
  assert.ok(close(r.loss, (0.64 + 6.25) / 2), `loss ${r.loss}`);
  assert.ok(close(r.meanQ, 2.5));
  assert.equal(r.tdErrors, [-0.8, 2.5]);
  assert.equal(r.after, [[1, 2.08], [2.75, 4]]);
  assert.equal(r.targetAfter, Wtarget, 'the target network is not trained');
});

DqnUpdate('a truncated transition bootstraps: y2 = 0.5 + 0.9 · max Q⁻(s′=0)', () => {
  const r = run({}, { truncate: true });
  assert.equal(r.tdErrors, [-0.8, Number((3 - (0.5 + 0.9 * 0.5)).toFixed(6))]);
});

DqnUpdate('n-step transitions are discounted by γⁿ', () => {
  const r = run({}, { steps: [3, 1] });
  assert.equal(r.tdErrors[0], Number((2 - (1 + 0.9 ** 3 * 2)).toFixed(6)));
});

DqnUpdate('Double DQN evaluates the online argmax with the target network', () => {
  // argmax_a W[1, a] = 1 → Q⁻(1, 1) = 0 → y1 = 1, δ1 = 1.
  const r = run({ double: true });
  assert.equal(r.tdErrors, [1, 2.5]);
});

DqnUpdate('Huber clips the gradient to ±1 per unit of δ; importance weights scale each row', () => {
  const r = run({ loss: 'huber' });
  // ℓ(−0.8) = 0.32, ℓ(2.5) = 2; ∂/∂W[1,0] = clip(2.5)/2 = 0.5, ∂/∂W[0,1] = −0.8/2 = −0.4.
  assert.ok(close(r.loss, (0.32 + 2) / 2));
  assert.equal(r.after, [[1, 2.04], [2.95, 4]]);
  const weighted = run({}, { weights: [1, 0.5] });
  assert.ok(close(weighted.loss, (0.64 + 0.5 * 6.25) / 2));
  assert.equal(weighted.after, [[1, 2.08], [2.875, 4]]);
});

DqnUpdate('leaves no tensor behind', () => {
  const q = table(W);
  const target = table(Wtarget);
  const optimizer = createOptimizer({ name: 'adam', learningRate: 0.1 });
  const b = batch();
  dqnUpdate(q, target, optimizer, b, { gamma: 0.9, loss: 'huber', double: true });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) dqnUpdate(q, target, optimizer, b, { gamma: 0.9, loss: 'huber', double: true });
  assert.is(tf.memory().numTensors, before);
});

DqnUpdate.run();
