import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MountainCar } from '../../../envs/src/classic-control/mountain-car';
import { EnvOptionError, InvalidActionError, ResetNeededError } from '../../../envs/src/errors';

const MountainCarSuite = suite('MountainCar');

MountainCarSuite('one step matches the transition worked by hand', () => {
  const env = new MountainCar();
  env.reset({ options: { low: -0.5, high: -0.5 } });
  const { observation, reward, terminated } = env.step(2);
  // v = 0 + (2 − 1)·0.001 + cos(3·(−0.5))·(−0.0025) = 0.001 − 0.0025·0.0707372 = 0.000823157
  // p = −0.5 + 0.000823157 = −0.499176843
  assert.ok(Math.abs(observation[1] - 0.000823157) < 1e-8, String(observation[1]));
  assert.ok(Math.abs(observation[0] - -0.499176843) < 1e-7, String(observation[0]));
  assert.is(reward, -1);
  assert.is(terminated, false);
});

MountainCarSuite('terminates on reaching the flag with non-negative velocity', () => {
  const env = new MountainCar();
  env.reset({ options: { low: 0.4995, high: 0.4995 } });
  const { observation, reward, terminated } = env.step(2);
  // v = 0.001 − 0.0025·cos(1.4985) = 0.001 − 0.0025·0.072238 = 0.000819; p = 0.500319 ≥ 0.5.
  assert.ok(Math.abs(observation[0] - 0.500319) < 1e-5, String(observation[0]));
  assert.ok(terminated);
  assert.is(reward, -1);
  assert.throws(() => env.step(1), (e: Error) => e instanceof ResetNeededError);
});

MountainCarSuite('velocity stays within ±0.07, position within [-1.2, 0.6], and the left wall stops the car', () => {
  const env = new MountainCar();
  let velocity = env.reset({ seed: 5 }).observation[1];
  let wallHits = 0;
  // Pump energy by pushing with the velocity, so the car swings up to the left wall.
  for (let t = 0; t < 400; t++) {
    const { observation, terminated } = env.step(velocity >= 0 ? 2 : 0);
    velocity = observation[1];
    assert.ok(observation[0] >= Math.fround(-1.2) && observation[0] <= Math.fround(0.6));
    assert.ok(Math.abs(observation[1]) <= 0.07 + 1e-9);
    if (observation[0] === Math.fround(-1.2)) {
      wallHits++;
      assert.ok(observation[1] >= 0, String(observation[1]));
    }
    if (terminated) env.reset();
  }
  assert.ok(wallHits > 0, 'the car never reached the left wall');
});

MountainCarSuite('starts in [-0.6, -0.4] at rest; validates its option and actions', () => {
  const env = new MountainCar();
  const { observation } = env.reset({ seed: 0 });
  assert.ok(observation[0] >= -0.6 && observation[0] <= -0.4);
  assert.is(observation[1], 0);
  assert.throws(() => env.step(3), (e: Error) => e instanceof InvalidActionError && /Discrete\(3\)/.test(e.message));
  assert.throws(() => new MountainCar({ goalVelocity: 1 }), (e: Error) => e instanceof EnvOptionError && /goalVelocity/.test(e.message));
  assert.is(new MountainCar({ goalVelocity: 0.01 }).config.goalVelocity, 0.01);
});

MountainCarSuite.run();
