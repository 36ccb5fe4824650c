import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TimeLimit } from '../../../envs/src/wrappers/time-limit';
import { EnvOptionError, ResetNeededError } from '../../../envs/src/errors';
import { CountEnv } from '../helpers/count-env';

const TimeLimitSuite = suite('TimeLimit');

TimeLimitSuite('truncates at the limit without terminating, and counts from each reset', () => {
  const env = new TimeLimit(new CountEnv(10), { maxEpisodeSteps: 2 });
  env.reset();
  assert.is(env.step(1).truncated, false);
  const last = env.step(1);
  assert.is(last.truncated, true);
  assert.is(last.terminated, false);
  assert.is(env.elapsedSteps, 2);
  env.reset();
  assert.is(env.elapsedSteps, 0);
  assert.is(env.step(1).truncated, false);
});

TimeLimitSuite('passes termination through when the episode ends first', () => {
  const env = new TimeLimit(new CountEnv(2), { maxEpisodeSteps: 5 });
  env.reset();
  env.step(0);
  const end = env.step(0);
  assert.is(end.terminated, true);
  assert.is(end.truncated, false);
});

TimeLimitSuite('throws ResetNeededError on a step after truncation or before reset', () => {
  const env = new TimeLimit(new CountEnv(10), { maxEpisodeSteps: 1 });
  assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeededError);
  env.reset();
  env.step(0);
  assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeededError && /call reset\(\) first/.test(e.message));
  assert.throws(() => new TimeLimit(new CountEnv(), { maxEpisodeSteps: 0 }), (e: Error) => e instanceof EnvOptionError && /maxEpisodeSteps to be a positive integer, but received 0/.test(e.message));
});

TimeLimitSuite.run();
