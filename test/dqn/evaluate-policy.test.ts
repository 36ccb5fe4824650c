import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BatchTensors } from '../../packages/dqn/src/batch-tensors';
import { EpsilonGreedyPolicy } from '../../packages/dqn/src/epsilon-greedy-policy';
import { evaluatePolicy, meanStd } from '../../packages/dqn/src/evaluate-policy';
import { IdentityEnv } from './helpers/toy-envs';

await tf.setBackend('cpu');

/** The identity network: Q(s, ·) = s, so the greedy action is the observed index. */
function identityPolicy(n: number, seed = 0): EpsilonGreedyPolicy {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: n, useBias: false, inputShape: [n] })] });
  model.setWeights([tf.eye(n)]);
  return new EpsilonGreedyPolicy(model, n, new BatchTensors([n]), seed);
}

const Evaluate = suite('evaluatePolicy');

Evaluate('K whole episodes: the optimal policy at ε = 0 scores the episode length every time', () => {
  const r = evaluatePolicy(new IdentityEnv(4, 7), identityPolicy(4), 5, 0, 3);
  assert.equal(r.returns, [7, 7, 7, 7, 7]);
  assert.equal(r.lengths, [7, 7, 7, 7, 7]);
  assert.is(r.mean, 7);
  assert.is(r.std, 0);
});

Evaluate('ε_eval costs the expected share of rewards (ε · (1 − 1/n))', () => {
  const r = evaluatePolicy(new IdentityEnv(4, 100), identityPolicy(4, 1), 20, 0.4, 3);
  // Expected return 100 · (1 − 0.4 · 3/4) = 70; sd of the mean over 2,000 steps ≈ 1.
  assert.ok(Math.abs(r.mean - 70) < 4, `mean ${r.mean}`);
});

const MeanStd = suite('meanStd');

MeanStd('population mean and standard deviation', () => {
  assert.equal(meanStd([1, 3]), { mean: 2, std: 1 });
  assert.ok(Number.isNaN(meanStd([]).mean));
});

Evaluate.run();
MeanStd.run();
