import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AsyncVectorEnv } from '../../../envs/src/vector/async-vector-env';
import { SyncVectorEnv } from '../../../envs/src/vector/sync-vector-env';
import { make } from '../../../envs/src/registry/make';
import { EnvError, EnvOptionError, InvalidActionError, UnknownEnvError } from '../../../envs/src/errors';
import type { TypedArray } from '../../../envs/src/spaces/typed-array';

const AsyncVectorEnvSuite = suite('AsyncVectorEnv');

AsyncVectorEnvSuite('steps exactly like SyncVectorEnv, auto-resets included', async () => {
  const asyncVec = new AsyncVectorEnv<number>({ id: 'CartPole-v1', numEnvs: 3 });
  const syncVec = new SyncVectorEnv([0, 1, 2].map(() => () => make<TypedArray, number>('CartPole-v1')));
  try {
    assert.equal(asyncVec.observationSpace.shape, [3, 4]);
    const a = await asyncVec.reset({ seed: 7 });
    const s = syncVec.reset({ seed: 7 });
    assert.equal(a.observations, s.observations);
    let endings = 0;
    for (let t = 0; t < 80; t++) {
      const actions = [t % 2, 1, (t >> 2) % 2];
      const ar = await asyncVec.step(actions);
      const sr = syncVec.step(actions);
      assert.equal(ar.observations, sr.observations, `step ${t}`);
      assert.equal(ar.rewards, sr.rewards);
      assert.equal(ar.terminated, sr.terminated);
      assert.equal(ar.truncated, sr.truncated);
      if (sr.info.final_observation) {
        endings++;
        assert.equal(ar.info.final_observation, sr.info.final_observation);
      }
    }
    assert.ok(endings > 0, 'no episode ended, so auto-reset was not compared');
  } finally {
    await asyncVec.close();
    syncVec.close();
  }
});

AsyncVectorEnvSuite('reports bad input with the envs error classes', async () => {
  assert.throws(() => new AsyncVectorEnv({ id: 'CartPol-v1' }), (e: Error) => e instanceof UnknownEnvError && /CartPole-v1/.test(e.message));
  assert.throws(() => new AsyncVectorEnv({ id: 'CartPole-v1', numEnvs: 0 }), (e: Error) => e instanceof EnvOptionError);
  assert.throws(() => new AsyncVectorEnv({ id: 'CartPole-v1', options: { nope: 1 } }), (e: Error) => e instanceof EnvOptionError && /"nope"/.test(e.message));
  const vec = new AsyncVectorEnv<number>({ id: 'CartPole-v1', numEnvs: 2 });
  try {
    await vec.reset({ seed: 0 });
    let error: unknown;
    try {
      await vec.step([0, 3]);
    } catch (e) {
      error = e;
    }
    assert.instance(error, InvalidActionError);
    // The workers still answer after a refused step.
    assert.is((await vec.step([0, 1])).rewards.length, 2);
  } finally {
    await vec.close();
  }
  await vec.close();
  let closedError: unknown;
  try {
    await vec.step([0, 0]);
  } catch (e) {
    closedError = e;
  }
  assert.ok(closedError instanceof EnvError && /after close/.test(closedError.message));
});

AsyncVectorEnvSuite('the process exits by itself after close()', () => {
  const script = fileURLToPath(new URL('../helpers/async-vector-exit.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 30_000 });
  assert.is(result.signal, null, 'killed by the timeout: workers kept the process alive');
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout.trim(), 'done');
});

AsyncVectorEnvSuite.run();
