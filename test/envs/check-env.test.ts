import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkEnv, sameValue } from '../../envs/src/check-env';
import { listEnvs } from '../../envs/src/registry/list-envs';
import { make } from '../../envs/src/registry/make';
import { Rng } from '../../envs/src/rng';
import { EnvError } from '../../envs/src/errors';
import type { StepResult } from '../../envs/src/env';
import { CountEnv } from './helpers/count-env';

const checkEnvSuite = suite('checkEnv');

checkEnvSuite('every registered env passes the contract check', () => {
  const ids = listEnvs().map((s) => s.id);
  assert.ok(ids.includes('CartPole-v1') && ids.includes('MountainCar-v0') && ids.includes('Acrobot-v1'));
  for (const id of ids) {
    const problems = checkEnv(make(id));
    assert.equal(problems, [], `${id}:\n${problems.join('\n')}`);
  }
});

checkEnvSuite('every registered env: two instances, same seed, 200 seeded random actions give identical rollouts', () => {
  for (const { id } of listEnvs()) {
    const runs = [0, 1].map(() => {
      const env = make(id);
      const actionRng = new Rng(99);
      env.actionSpace.seed(actionRng.spawnSeed());
      const trace: unknown[] = [env.reset({ seed: 2024 }).observation];
      for (let t = 0; t < 200; t++) {
        const result: StepResult<unknown> = env.step(env.actionSpace.sample());
        trace.push(result.observation, result.reward, result.terminated, result.truncated);
        if (result.terminated || result.truncated) trace.push(env.reset().observation);
      }
      env.close();
      return trace;
    });
    assert.ok(sameValue(runs[0], runs[1]), `${id} is not deterministic under a seed`);
  }
});

checkEnvSuite('reports each broken part of the contract', () => {
  class Broken extends CountEnv {
    override step(action: number) {
      if (action > 2) return { observation: Float32Array.of(0, 0), reward: 0, terminated: false, truncated: false, info: {} };
      const r = super.step(action);
      return { ...r, reward: NaN, terminated: 0 as unknown as boolean, observation: Float64Array.of(1, 1) as unknown as Float32Array };
    }
  }
  const problems = checkEnv(new Broken(3));
  const text = problems.join('\n');
  assert.match(text, /step returned an observation outside Box\(0, 1000, \[2\], float32\): expected dtype float32, got float64/);
  assert.match(text, /finite number reward, but returned NaN/);
  assert.match(text, /terminated as a boolean, but returned 0/);
  assert.match(text, /step\(3\) should throw InvalidActionError/);
});

checkEnvSuite('finds nondeterminism, a missing ResetNeededError and inconsistent frames; can throw them together', () => {
  let calls = 0;
  class Sloppy extends CountEnv {
    private ended = false;
    override reset(options = {}) {
      this.ended = false;
      const r = super.reset(options);
      return { ...r, observation: Float32Array.of(calls++ % 2, 0) };
    }
    override step(action: number) {
      if (this.ended) return { observation: Float32Array.of(0, 0), reward: 0, terminated: true, truncated: false, info: {} };
      const r = super.step(action);
      this.ended = r.terminated;
      return r;
    }
    override render() {
      return { width: 1 + (this.t % 2), height: 1, data: new Uint8Array(3 * (1 + (this.t % 2))) };
    }
  }
  const problems = checkEnv(new Sloppy(3));
  const text = problems.join('\n');
  assert.match(text, /reset with the same seed \(42\) gave different observations/);
  assert.match(text, /step after the episode ended should throw ResetNeededError, but did not/);
  assert.match(text, /render gave frames of different sizes: 1×1, then 2×1/);
  assert.throws(() => checkEnv(new Sloppy(3), { throwOnProblems: true }), (e: Error) => e instanceof EnvError && /found \d+ problems:\n- /.test(e.message));
  assert.throws(() => checkEnv(new CountEnv(), { seed: -1 }), /seed/);
  assert.equal(checkEnv(new CountEnv(3)), []);
});

const sameValueSuite = suite('sameValue');

sameValueSuite('compares typed arrays by class and content, objects deeply', () => {
  assert.ok(sameValue(Float32Array.of(1, 2), Float32Array.of(1, 2)));
  assert.not.ok(sameValue(Float32Array.of(1, 2), Float64Array.of(1, 2)));
  assert.not.ok(sameValue({ a: [1, 2] }, { a: [1, 3] }));
  assert.ok(sameValue({ a: [1, NaN] }, { a: [1, NaN] }));
});

checkEnvSuite.run();
sameValueSuite.run();
