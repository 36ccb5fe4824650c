import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BatchTensors } from '../../packages/dqn/src/batch-tensors';
import { EpsilonGreedyPolicy } from '../../packages/dqn/src/epsilon-greedy-policy';

await tf.setBackend('cpu');

/** Q(s, ·) = [0, s₀, 2 s₀]: action 2 is greedy for a positive observation. */
function fixedNetwork(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, useBias: false, inputShape: [1] })] });
  model.setWeights([tf.tensor2d([[0, 1, 2]])]);
  return model;
}

const Policy = suite('EpsilonGreedyPolicy');

Policy('ε = 0 is greedy; ε = 1 is uniform; ε = 0.3 picks the greedy action 0.7 + 0.3/3 of the time', () => {
  const policy = new EpsilonGreedyPolicy(fixedNetwork(), 3, new BatchTensors([1]), 1);
  assert.is(policy.greedy([1]), 2);
  assert.equal(policy.qValues([2]), [0, 2, 4]);
  assert.ok(Array.from({ length: 50 }, () => policy.act([1], 0)).every((a) => a === 2));
  const counts = [0, 0, 0];
  for (let i = 0; i < 3000; i++) counts[policy.act([1], 1)]++;
  counts.forEach((c) => assert.ok(Math.abs(c - 1000) < 120, `uniform count ${c}`));
  let greedy = 0;
  for (let i = 0; i < 3000; i++) if (policy.act([1], 0.3) === 2) greedy++;
  assert.ok(Math.abs(greedy / 3000 - 0.8) < 0.03, `greedy share ${greedy / 3000}`);
});

Policy('its draws are reproducible from the generator state, and acting leaks no tensor', () => {
  const a = new EpsilonGreedyPolicy(fixedNetwork(), 3, new BatchTensors([1]), 7);
  a.act([1], 1);
  const state = a.rng.state;
  const next = Array.from({ length: 20 }, () => a.act([1], 0.5));
  const b = new EpsilonGreedyPolicy(fixedNetwork(), 3, new BatchTensors([1]), 99);
  b.rng.state = state;
  assert.equal(Array.from({ length: 20 }, () => b.act([1], 0.5)), next);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) a.act([1], 0);
  assert.is(tf.memory().numTensors, before);
});

Policy.run();
