import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TargetNetwork } from '../../packages/dqn/src/target-network';

await tf.setBackend('cpu');

function net(value: number, units = 2): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ units, inputShape: [1] })] });
  model.setWeights([tf.fill([1, units], value), tf.fill([units], value)]);
  return model;
}

const first = (m: tf.LayersModel) => m.getWeights()[0].dataSync()[0];

const Target = suite('TargetNetwork');

Target('starts as a copy, then copies θ exactly every syncEvery updates (hard)', () => {
  const online = net(1);
  const target = net(0);
  const t = new TargetNetwork(online, target, { mode: 'hard', syncEvery: 3 });
  assert.is(first(target), 1);
  online.setWeights([tf.fill([1, 2], 5), tf.fill([2], 5)]);
  assert.is(t.afterUpdate(1), false);
  assert.is(t.afterUpdate(2), false);
  assert.is(first(target), 1);
  assert.is(t.afterUpdate(3), true);
  assert.is(first(target), 5);
  assert.is(target.getWeights()[1].dataSync()[1], 5);
});

Target('Polyak: θ⁻ ← τ θ + (1 − τ) θ⁻ after each due update', () => {
  const online = net(1);
  const target = net(0);
  const t = new TargetNetwork(online, target, { mode: 'polyak', syncEvery: 1, tau: 0.25 });
  online.setWeights([tf.fill([1, 2], 5), tf.fill([2], 5)]);
  t.afterUpdate(1);
  assert.ok(Math.abs(first(target) - (0.25 * 5 + 0.75 * 1)) < 1e-6);
  t.afterUpdate(2);
  assert.ok(Math.abs(first(target) - (0.25 * 5 + 0.75 * 2)) < 1e-6);
});

Target('leaves no tensor behind and refuses a target of another shape or bad settings', () => {
  const online = net(1);
  const t = new TargetNetwork(online, net(0), { mode: 'polyak', syncEvery: 1, tau: 0.5 });
  const before = tf.memory().numTensors;
  for (let i = 1; i <= 4; i++) t.afterUpdate(i);
  assert.is(tf.memory().numTensors, before);
  assert.throws(() => new TargetNetwork(online, net(0, 3)), /weight shapes/);
  assert.throws(() => new TargetNetwork(online, net(0), { syncEvery: 0 }), /syncEvery to be a positive integer/);
  assert.throws(() => new TargetNetwork(online, net(0), { mode: 'soft' as never }), /mode to be one of "hard", "polyak"/);
});

Target.run();
