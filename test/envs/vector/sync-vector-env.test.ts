import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SyncVectorEnv } from '../../../envs/src/vector/sync-vector-env';
import { make } from '../../../envs/src/registry/make';
import { EnvError, EnvOptionError, InvalidActionError } from '../../../envs/src/errors';
import type { Env } from '../../../envs/src/env';
import type { TypedArray } from '../../../envs/src/spaces/typed-array';
import { CountEnv } from '../helpers/count-env';

const SyncVectorEnvSuite = suite('SyncVectorEnv');

SyncVectorEnvSuite('batches observations in one typed array and seeds sub-env i with seed + i', () => {
  const inner = [new CountEnv(3), new CountEnv(3)];
  const vec = new SyncVectorEnv(inner.map((e) => () => e));
  assert.equal(vec.observationSpace.shape, [2, 2]);
  const { observations, info } = vec.reset({ seed: 10 });
  assert.instance(observations, Float32Array);
  assert.equal(Array.from(observations), [0, 0, 0, 0]);
  assert.equal(inner.map((e) => e.lastSeed), [10, 11]);
  assert.is(info.envs.length, 2);
  const step = vec.step([2, 0]);
  assert.equal(Array.from(step.observations), [1, 12, 1, 10]);
  assert.equal(Array.from(step.rewards), [1, -1]);
  assert.equal(step.terminated, [false, false]);
  assert.is(step.info.final_observation, undefined);
});

SyncVectorEnvSuite('auto-resets in the same step, keeping the final observation and info', () => {
  const vec = new SyncVectorEnv([() => new CountEnv(2), () => new CountEnv(3)]);
  vec.reset({ seed: 0 });
  vec.step([1, 1]);
  const end = vec.step([2, 1]);
  assert.equal(end.terminated, [true, false]);
  // Sub-env 0 ended: its row is the new episode's first observation.
  assert.equal(Array.from(end.observations), [0, 0, 2, 21]);
  assert.equal(Array.from(end.info.final_observation?.[0] ?? []), [2, 22]);
  assert.is(end.info.final_observation?.[1], null);
  assert.equal(end.info.final_info?.[0], { t: 2 });
  assert.is(end.info.final_info?.[1], null);
  const next = vec.step([0, 0]);
  assert.equal(next.terminated, [false, true]);
  assert.equal(Array.from(next.observations), [1, 10, 0, 0]);
  assert.equal(Array.from(next.info.final_observation?.[1] ?? []), [3, 30]);
});

SyncVectorEnvSuite('matches single envs stepped by hand (CartPole, same seeds and actions)', () => {
  const vec = new SyncVectorEnv([0, 1, 2].map(() => () => make<TypedArray, number>('CartPole-v1')));
  const singles = [0, 1, 2].map(() => make<Float32Array, number>('CartPole-v1'));
  let batch = vec.reset({ seed: 5 }).observations;
  const obs = singles.map((e, i) => e.reset({ seed: 5 + i }).observation);
  for (let t = 0; t < 60; t++) {
    for (let i = 0; i < 3; i++) assert.equal(Array.from(batch.subarray(4 * i, 4 * i + 4)), Array.from(obs[i]), `t=${t} env ${i}`);
    const actions = [t % 2, (t >> 1) % 2, 1];
    batch = vec.step(actions).observations;
    singles.forEach((e, i) => {
      const r = e.step(actions[i]);
      obs[i] = r.terminated || r.truncated ? e.reset().observation : r.observation;
    });
  }
});

SyncVectorEnvSuite('checks actions before stepping any sub-env, and closes every sub-env once', () => {
  const inner = [new CountEnv(), new CountEnv()];
  const vec = new SyncVectorEnv(inner.map((e) => () => e));
  vec.reset();
  assert.throws(() => vec.step([1, 9]), (e: Error) => e instanceof InvalidActionError && /received 9 for sub-env 1/.test(e.message));
  assert.is(inner[0].actions.length, 0);
  assert.throws(() => vec.step([1]), (e: Error) => e instanceof EnvOptionError && /one action per sub-env \(2\), but received 1/.test(e.message));
  assert.throws(() => vec.reset({ seed: -3 }), (e: Error) => e instanceof EnvError && /seed/.test(e.message));
  assert.throws(() => new SyncVectorEnv([]), (e: Error) => e instanceof EnvOptionError);
  const mixed = [() => make('CartPole-v1') as Env<TypedArray, unknown>, () => make('MountainCar-v0') as Env<TypedArray, unknown>];
  assert.throws(() => new SyncVectorEnv(mixed), (e: Error) => e instanceof EnvOptionError && /sub-env 1/.test(e.message));
  vec.close();
  vec.close();
  assert.equal(inner.map((e) => e.closed), [1, 1]);
});

SyncVectorEnvSuite.run();
