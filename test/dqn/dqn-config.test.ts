import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dqnDefaults, dqnPresets, resolveDqnConfig } from '../../packages/dqn/src/dqn-config';

const Resolve = suite('resolveDqnConfig');

Resolve("the defaults are MinAtar's reference DQN", () => {
  const c = resolveDqnConfig({});
  assert.equal([c.replayCapacity, c.batchSize, c.learningStarts, c.updateEvery, c.targetSyncEvery, c.gamma, c.loss], [100_000, 32, 5000, 1, 1000, 0.99, 'huber']);
  assert.equal([c.epsilonStart, c.epsilonEnd, c.epsilonDecayFrames, c.frames], [1, 0.1, 100_000, 5_000_000]);
  assert.equal(c.optimizer, { name: 'rmsprop', learningRate: 2.5e-4, alpha: 0.95, epsilon: 0.01, centered: true });
  assert.equal([c.double, c.dueling, c.nStep, c.prioritized], [false, false, 1, false], 'every extension off by default');
  assert.equal(resolveDqnConfig(dqnPresets.minatar), dqnDefaults);
});

Resolve('both presets resolve', () => {
  const classic = resolveDqnConfig(dqnPresets.classic);
  assert.is(classic.network, 'mlp');
  assert.is(classic.optimizer.name, 'adam');
});

Resolve('refuses bad fields naming the field, the value and what was expected', () => {
  assert.throws(() => resolveDqnConfig({ learningStarts: 10 }), /learningStarts to be at least batchSize \(32\): the first update samples a full minibatch from replay, but received 10/);
  assert.throws(() => resolveDqnConfig({ replayCapacity: 1000 }), /replayCapacity to be at least learningStarts \(5000\), but received 1000/);
  assert.throws(() => resolveDqnConfig({ gamma: 1.5 }), /gamma/);
  assert.throws(() => resolveDqnConfig({ network: 'resnet' as never }), /network to be one of "auto", "mlp", "minatar", "nature"/);
  assert.throws(() => resolveDqnConfig({ nStep: 0 }), /nStep/);
  assert.throws(() => resolveDqnConfig({ tau: 0 }), /tau to be a number in \(0, 1\]/);
  assert.throws(() => resolveDqnConfig({ optimizer: { name: 'adam', beta1: 2 } }), /beta1/);
  assert.throws(() => resolveDqnConfig({ resume: 'x' }), /runDir to be a run folder when resume is set/);
  assert.throws(() => resolveDqnConfig({ epsilon: 0.1 } as never), /unknown field "epsilon"/);
});

Resolve.run();
