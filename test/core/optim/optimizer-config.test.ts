import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveOptimizerConfig } from '../../../packages/core/src/optim/optimizer-config';
import { ConfigError, UnknownFieldError } from '../../../packages/core/src/errors';

const test = suite('resolveOptimizerConfig');

test('defaults to Adam with PyTorch hyperparameters', () => {
  const c = resolveOptimizerConfig();
  assert.is(c.name, 'adam');
  assert.equal([c.learningRate, c.beta1, c.beta2, c.epsilon, c.weightDecay], [1e-3, 0.9, 0.999, 1e-8, 0]);
  assert.is(c.clipNorm, null);
  assert.is(c.schedule.name, 'constant');
});

test('each optimizer gets its own PyTorch defaults', () => {
  assert.is(resolveOptimizerConfig({ name: 'rmsprop' }).learningRate, 1e-2);
  assert.is(resolveOptimizerConfig({ name: 'rmsprop' }).alpha, 0.99);
  assert.is(resolveOptimizerConfig({ name: 'adagrad' }).epsilon, 1e-10);
  assert.is(resolveOptimizerConfig({ name: 'sgd' }).momentum, 0);
  assert.is(resolveOptimizerConfig({ name: 'nesterov' }).momentum, 0.9);
});

test('resolving a resolved config gives it back', () => {
  for (const name of ['adam', 'sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop'] as const) {
    const once = resolveOptimizerConfig({ name, learningRate: 0.5, schedule: { name: 'step', stepSize: 3 } });
    assert.equal(resolveOptimizerConfig(once), once);
  }
});

test('an undefined field means its default, even one the optimizer does not read', () => {
  assert.equal(resolveOptimizerConfig({ name: 'adam', momentum: undefined, learningRate: undefined }), resolveOptimizerConfig({ name: 'adam' }));
});

test('refuses fields the optimizer does not read and bad values', () => {
  assert.throws(() => resolveOptimizerConfig({ name: 'adagrad', momentum: 0.9 }), (e: unknown) => e instanceof UnknownFieldError);
  assert.throws(() => resolveOptimizerConfig({ beta2: 1 }), (e: unknown) => e instanceof ConfigError && /beta1 and beta2/.test(e.message));
  assert.throws(() => resolveOptimizerConfig({ name: 'momentum', momentum: 0 }), /name 'sgd'/);
  assert.throws(() => resolveOptimizerConfig({ learningRate: -1 }), /learningRate/);
  assert.throws(() => resolveOptimizerConfig({ name: 'rmsprop', centered: 'yes' as never }), /centered/);
  assert.throws(() => resolveOptimizerConfig({ schedule: { name: 'cosine' } }), /totalSteps/);
});

test.run();
