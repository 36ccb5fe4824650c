import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { learningRateAt } from '../../../packages/core/src/schedules/learning-rate-at';
import { ConfigError } from '../../../packages/core/src/errors';

const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, received ${actual}`);

const test = suite('learningRateAt');

test('constant returns the base rate at every step', () => {
  for (const step of [0, 1, 999, 123456]) assert.is(learningRateAt({}, 0.01, step), 0.01);
});

test('step decays by gamma every stepSize steps', () => {
  const config = { name: 'step' as const, stepSize: 10, gamma: 0.5 };
  close(learningRateAt(config, 0.8, 0), 0.8);
  close(learningRateAt(config, 0.8, 9), 0.8);
  close(learningRateAt(config, 0.8, 10), 0.4); // 0.8 · 0.5¹
  close(learningRateAt(config, 0.8, 25), 0.2); // 0.8 · 0.5²
  close(learningRateAt(config, 0.8, 30), 0.1); // 0.8 · 0.5³
});

test('exponential multiplies by gamma each step', () => {
  const config = { name: 'exponential' as const, gamma: 0.9 };
  close(learningRateAt(config, 1, 0), 1);
  close(learningRateAt(config, 1, 1), 0.9);
  close(learningRateAt(config, 1, 2), 0.81);
  close(learningRateAt(config, 2, 3), 2 * 0.729);
});

test('cosine follows ½(1 + cos(π t / T)) from base to minLr and then holds', () => {
  const config = { name: 'cosine' as const, totalSteps: 100, minLr: 0.1 };
  close(learningRateAt(config, 1.1, 0), 1.1);
  close(learningRateAt(config, 1.1, 50), 0.6); // 0.1 + 0.5 · 1.0 · (1 + cos(π/2)) = 0.6
  close(learningRateAt(config, 1.1, 25), 0.1 + 0.5 * (1 + Math.SQRT1_2)); // cos(π/4) = √½
  close(learningRateAt(config, 1.1, 100), 0.1);
  close(learningRateAt(config, 1.1, 1000), 0.1);
});

test('linear warm-up rises from warmupStartLr, then the decay counts from its end', () => {
  const warm = { warmupSteps: 4 };
  close(learningRateAt(warm, 0.4, 0), 0);
  close(learningRateAt(warm, 0.4, 1), 0.1);
  close(learningRateAt(warm, 0.4, 3), 0.3);
  close(learningRateAt(warm, 0.4, 4), 0.4);
  const fromStart = { warmupSteps: 2, warmupStartLr: 0.2 };
  close(learningRateAt(fromStart, 1, 1), 0.6); // 0.2 + 0.8 · ½
  const cosine = { name: 'cosine' as const, warmupSteps: 10, totalSteps: 30 };
  close(learningRateAt(cosine, 1, 5), 0.5);
  close(learningRateAt(cosine, 1, 10), 1);
  close(learningRateAt(cosine, 1, 20), 0.5); // halfway through the 20 decay steps
  close(learningRateAt(cosine, 1, 30), 0);
  const step = { name: 'step' as const, stepSize: 5, gamma: 0.1, warmupSteps: 5 };
  close(learningRateAt(step, 1, 9), 1);
  close(learningRateAt(step, 1, 10), 0.1, 1e-15);
});

test('linear falls in a straight line from base to minLr at totalSteps and then holds', () => {
  const config = { name: 'linear' as const, totalSteps: 100, minLr: 0.1 };
  close(learningRateAt(config, 1.1, 0), 1.1);
  close(learningRateAt(config, 1.1, 25), 0.85);
  close(learningRateAt(config, 1.1, 50), 0.6);
  close(learningRateAt(config, 1.1, 100), 0.1);
  close(learningRateAt(config, 1.1, 1000), 0.1);
});

test('holdSteps keeps the base rate after the warm-up, then the decay counts from the hold\'s end (constant, then decay, as CycleGAN)', () => {
  /** [step, expected rate] pairs of one schedule. */
  const expectRates = (config: Parameters<typeof learningRateAt>[0], base: number, pairs: [number, number][]) => {
    for (const [step, rate] of pairs) close(learningRateAt(config, base, step), rate, 1e-15);
  };
  // CycleGAN in steps: 100 at the base rate, then a straight line to 0 over the next 100.
  expectRates({ name: 'linear', holdSteps: 100, totalSteps: 200 }, 2e-4, [[0, 2e-4], [99, 2e-4], [100, 2e-4], [150, 1e-4], [200, 0]]);
  // Warm-up 10, hold 20, then 20 cosine steps: halfway through them at step 40.
  expectRates({ name: 'cosine', warmupSteps: 10, holdSteps: 20, totalSteps: 50 }, 1, [[5, 0.5], [29, 1], [30, 1], [40, 0.5], [50, 0]]);
  expectRates({ name: 'step', stepSize: 5, gamma: 0.1, holdSteps: 3 }, 1, [[7, 1], [8, 0.1]]);
});

test('refuses bad configs with the field in the message', () => {
  assert.throws(() => learningRateAt({ name: 'cosine' }, 1, 0), (e: unknown) => e instanceof ConfigError && /totalSteps/.test(e.message));
  assert.throws(() => learningRateAt({ name: 'cosine', gamma: 0.5, totalSteps: 10 }, 1, 0), (e: unknown) => e instanceof ConfigError && /gamma/.test(e.message));
  assert.throws(() => learningRateAt({ name: 'polynomial' as never }, 1, 0), /one of "constant"/);
  assert.throws(() => learningRateAt({ name: 'linear' }, 1, 0), (e: unknown) => e instanceof ConfigError && /totalSteps/.test(e.message));
  assert.throws(() => learningRateAt({ name: 'linear', totalSteps: 10, holdSteps: 10 }, 1, 0), /totalSteps to be an integer > warmupSteps \+ holdSteps \(10\) for the linear schedule/);
  assert.throws(() => learningRateAt({ name: 'cosine', totalSteps: 10, holdSteps: 1.5 }, 1, 0), /holdSteps/);
  assert.throws(() => learningRateAt({ name: 'step', stepSize: 0 }, 1, 0), /stepSize/);
  assert.throws(() => learningRateAt({ name: 'exponential', gamma: 0 }, 1, 0), /gamma/);
  assert.throws(() => learningRateAt({}, 1, -1), /step/);
  assert.throws(() => learningRateAt({ warmup: 3 } as never, 1, 0), /unknown field "warmup"/);
});

test.run();
