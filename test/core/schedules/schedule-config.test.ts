import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveScheduleConfig, scheduleDefaults } from '../../../packages/core/src/schedules/schedule-config';
import { ConfigError } from '../../../packages/core/src/errors';

const test = suite('resolveScheduleConfig');

test('defaults to a constant rate without warm-up', () => {
  assert.equal(resolveScheduleConfig(), scheduleDefaults);
  assert.is(resolveScheduleConfig().name, 'constant');
});

test('resolving a resolved config gives it back', () => {
  const once = resolveScheduleConfig({ name: 'cosine', totalSteps: 50, minLr: 0.01, warmupSteps: 5 });
  assert.equal(resolveScheduleConfig(once), once);
});

test('refuses a field the shape does not read, naming the ones it does', () => {
  assert.throws(() => resolveScheduleConfig({ name: 'exponential', stepSize: 7 }),
    (e: unknown) => e instanceof ConfigError && /stepSize/.test(e.message) && /gamma/.test(e.message));
  assert.throws(() => resolveScheduleConfig({ name: 'cosine', totalSteps: 5, warmupSteps: 5 }), /totalSteps/);
  assert.throws(() => resolveScheduleConfig({ warmupStartLr: -0.1 }), /warmupStartLr/);
});

test.run();
