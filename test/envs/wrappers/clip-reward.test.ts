import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ClipReward } from '../../../envs/src/wrappers/clip-reward';
import { EnvOptionError } from '../../../envs/src/errors';
import { CountEnv } from '../helpers/count-env';

const ClipRewardSuite = suite('ClipReward');

ClipRewardSuite('clips rewards into [min, max]', () => {
  const env = new ClipReward(new CountEnv(10), { min: -0.5, max: 0.25 });
  env.reset();
  assert.is(env.step(0).reward, -0.5);
  assert.is(env.step(1).reward, 0);
  assert.is(env.step(2).reward, 0.25);
  const defaults = new ClipReward(new CountEnv(10));
  assert.is(defaults.min, -1);
  assert.is(defaults.max, 1);
});

ClipRewardSuite('rejects min > max', () => {
  assert.throws(() => new ClipReward(new CountEnv(), { min: 1, max: 0 }), (e: Error) => e instanceof EnvOptionError && /min ≤ max, but received min 1, max 0/.test(e.message));
});

ClipRewardSuite.run();
