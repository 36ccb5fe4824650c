import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { epsilonAt, resolveEpsilonScheduleConfig } from '../../packages/dqn/src/epsilon-schedule';

const EpsilonAt = suite('epsilonAt');

EpsilonAt('is 1 during warm-up, then falls linearly to its end value and stays', () => {
  const c = resolveEpsilonScheduleConfig({ start: 1, end: 0.1, decayFrames: 100, learningStarts: 50 });
  assert.is(epsilonAt(c, 0), 1);
  assert.is(epsilonAt(c, 49), 1);
  assert.is(epsilonAt(c, 50), 1);
  assert.ok(Math.abs(epsilonAt(c, 100) - 0.55) < 1e-12);
  assert.ok(Math.abs(epsilonAt(c, 150) - 0.1) < 1e-12);
  assert.ok(Math.abs(epsilonAt(c, 10_000) - 0.1) < 1e-12);
});

EpsilonAt('the MinAtar reference: 1.0 → 0.1 over the 100,000 frames after 5,000 of warm-up', () => {
  const c = resolveEpsilonScheduleConfig({});
  assert.is(epsilonAt(c, 4999), 1);
  assert.ok(Math.abs(epsilonAt(c, 55_000) - 0.55) < 1e-12);
  assert.ok(Math.abs(epsilonAt(c, 105_000) - 0.1) < 1e-12);
});

EpsilonAt('decayFrames 0 jumps to the end value after warm-up', () => {
  const c = resolveEpsilonScheduleConfig({ start: 1, end: 0.2, decayFrames: 0, learningStarts: 3 });
  assert.is(epsilonAt(c, 2), 1);
  assert.is(epsilonAt(c, 3), 0.2);
});

const Resolve = suite('resolveEpsilonScheduleConfig');

Resolve('refuses values outside [0, 1] and negative frame counts', () => {
  assert.throws(() => resolveEpsilonScheduleConfig({ end: 1.5 }), /end to be a finite number ≥ 0 and ≤ 1, but received 1.5/);
  assert.throws(() => resolveEpsilonScheduleConfig({ decayFrames: -1 }), /decayFrames/);
  assert.throws(() => resolveEpsilonScheduleConfig({ warmup: 3 } as never), /unknown field "warmup"/);
});

EpsilonAt.run();
Resolve.run();
