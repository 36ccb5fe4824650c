import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runSchedule } from '../../packages/classify/src/run-schedule';
import { learningRateAt } from '../../packages/core/src/schedules/learning-rate-at';
import { resolveScheduleConfig } from '../../packages/core/src/schedules/schedule-config';

const RunSchedule = suite('runSchedule');

RunSchedule('each named schedule is sized to the run: cosine and linear end at 0, step decays by 10 after each third, exponential ends at 1 %', () => {
  const rate = (name: Parameters<typeof runSchedule>[0], step: number) => learningRateAt(resolveScheduleConfig(runSchedule(name, 600)), 1e-3, step);
  assert.is(rate('constant', 599), 1e-3);
  assert.is(rate('cosine', 0), 1e-3);
  assert.ok(Math.abs(rate('cosine', 300) - 5e-4) < 1e-9, String(rate('cosine', 300)));
  assert.ok(rate('cosine', 600) < 1e-12, String(rate('cosine', 600)));
  assert.ok(Math.abs(rate('linear', 150) - 7.5e-4) < 1e-12, String(rate('linear', 150)));
  assert.ok(rate('linear', 600) === 0, String(rate('linear', 600)));
  assert.is(rate('step', 199), 1e-3);
  assert.ok(Math.abs(rate('step', 200) - 1e-4) < 1e-12 && Math.abs(rate('step', 400) - 1e-5) < 1e-13, `${rate('step', 200)} ${rate('step', 400)}`);
  assert.ok(Math.abs(rate('exponential', 600) - 1e-5) < 1e-9, String(rate('exponential', 600)));
});

RunSchedule.run();
