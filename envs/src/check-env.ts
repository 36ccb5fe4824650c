/**
 * `checkEnv(env)`: the API contract check every env must pass (Gymnasium's
 * `utils.env_checker.check_env`, made strict). It checks that the spaces are Spaces; that
 * `reset` and `step` return the right types, contained in the spaces; that rewards are finite
 * numbers and `terminated`/`truncated` booleans; that bad seeds and bad actions throw; that
 * reset with the same seed gives the same observation and, under a fixed action sequence,
 * the same rollout; that stepping after the episode ended throws `ResetNeededError`; that
 * `render` gives frames of one consistent size; and that `close` is idempotent.
 *
 * It returns the problems it found (empty when none), or throws them all in one `EnvError`
 * when `throwOnProblems` is set.
 */
import type { Env, Info, StepResult } from './env';
import { EnvError, InvalidActionError, ResetNeededError } from './errors';
import { isSpace } from './spaces/dict';
import { Box } from './spaces/box';
import { Discrete } from './spaces/discrete';
import { checkEnvBoolean, checkEnvInteger, describeValue, resolveEnvOptions } from './registry/env-options';

export interface CheckEnvConfig {
  /** Throw one EnvError listing every problem instead of returning them; default false. */
  throwOnProblems: boolean;
  /** Seed of the determinism rollouts; default 42 (any fixed seed does). */
  seed: number;
  /** Steps of each determinism rollout; default 200. */
  determinismSteps: number;
  /** Steps allowed for an episode to end before the step-after-end check gives up; default 10,000. */
  maxSteps: number;
}

export const checkEnvDefaults: CheckEnvConfig = { throwOnProblems: false, seed: 42, determinismSteps: 200, maxSteps: 10_000 };

export function checkEnv(env: Env, config: Partial<CheckEnvConfig> = {}): string[] {
  const resolved = resolveEnvOptions('checkEnv', checkEnvDefaults, config);
  checkEnvBoolean('checkEnv', 'throwOnProblems', resolved.throwOnProblems);
  const seed = checkEnvInteger('checkEnv', 'seed', resolved.seed, 0);
  const determinismSteps = checkEnvInteger('checkEnv', 'determinismSteps', resolved.determinismSteps, 1);
  const maxSteps = checkEnvInteger('checkEnv', 'maxSteps', resolved.maxSteps, 1);
  const problems: string[] = [];
  const attempt = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      problems.push(`${what} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  };

  if (!isSpace(env.observationSpace)) problems.push(`observationSpace is not a Space: ${describeValue(env.observationSpace)}`);
  if (!isSpace(env.actionSpace)) problems.push(`actionSpace is not a Space: ${describeValue(env.actionSpace)}`);
  if (problems.length > 0) return finish(problems, resolved.throwOnProblems);
  if (!env.metadata || typeof env.metadata.renderFps !== 'number' || !(env.metadata.renderFps > 0)) {
    problems.push(`metadata.renderFps should be a positive number, but is ${describeValue(env.metadata?.renderFps)}`);
  }

  attempt('reset with seed', () => {
    const result = env.reset({ seed });
    checkObservation(env, 'reset', result?.observation, problems);
    checkInfo('reset', result?.info, problems);
  });

  attempt('step with a sampled action', () => {
    env.reset({ seed });
    env.actionSpace.seed(seed);
    checkStep(env, env.step(env.actionSpace.sample()), problems);
  });

  for (const bad of [-1, 1.5, '3']) {
    try {
      env.reset({ seed: bad as number });
      problems.push(`reset({ seed: ${describeValue(bad)} }) should throw (seeds are non-negative integers), but did not`);
    } catch (error) {
      if (!(error instanceof EnvError)) problems.push(`reset({ seed: ${describeValue(bad)} }) threw ${String(error)}, expected an EnvError`);
    }
  }

  attempt('an invalid action', () => {
    env.reset({ seed });
    const invalid = env.actionSpace instanceof Discrete ? env.actionSpace.start + env.actionSpace.n : { not: 'an action' };
    try {
      env.step(invalid);
      problems.push(`step(${describeValue(invalid)}) should throw InvalidActionError for ${env.actionSpace}, but did not`);
    } catch (error) {
      if (!(error instanceof InvalidActionError)) problems.push(`step(${describeValue(invalid)}) threw ${String(error)}, expected InvalidActionError`);
    }
  });

  attempt('the determinism rollouts', () => {
    const first = rollout(env, seed, determinismSteps);
    const second = rollout(env, seed, determinismSteps);
    if (!sameValue(first.observations[0], second.observations[0])) {
      problems.push(`reset with the same seed (${seed}) gave different observations`);
    } else {
      const n = Math.min(first.observations.length, second.observations.length);
      for (let t = 1; t < n; t++) {
        if (!sameValue(first.observations[t], second.observations[t]) || first.rewards[t - 1] !== second.rewards[t - 1]) {
          problems.push(`two rollouts with seed ${seed} and the same actions differ at step ${t}`);
          break;
        }
      }
      if (first.observations.length !== second.observations.length) problems.push(`two rollouts with seed ${seed} and the same actions have different lengths`);
    }
  });

  attempt('stepping to the end of an episode', () => {
    env.reset({ seed });
    env.actionSpace.seed(seed);
    let ended = false;
    for (let t = 0; t < maxSteps && !ended; t++) {
      const result = env.step(env.actionSpace.sample());
      ended = result.terminated || result.truncated;
    }
    if (!ended) {
      problems.push(`an episode of random actions did not end within ${maxSteps} steps, so step-after-end was not checked (add a TimeLimit)`);
      return;
    }
    try {
      env.step(env.actionSpace.sample());
      problems.push('step after the episode ended should throw ResetNeededError, but did not');
    } catch (error) {
      if (!(error instanceof ResetNeededError)) problems.push(`step after the episode ended threw ${String(error)}, expected ResetNeededError`);
    }
  });

  attempt('render', () => {
    env.reset({ seed });
    const a = env.render();
    env.step(env.actionSpace.sample());
    const b = env.render();
    for (const [when, frame] of [['after reset', a], ['after a step', b]] as const) {
      if (!frame || !Number.isInteger(frame.width) || !Number.isInteger(frame.height) || frame.width < 1 || frame.height < 1 || !(frame.data instanceof Uint8Array) || frame.data.length !== frame.width * frame.height * 3) {
        problems.push(`render ${when} should return { width, height, data: Uint8Array(width·height·3) }, but returned ${frame ? `${frame.width}×${frame.height} with ${frame.data?.length} bytes` : describeValue(frame)}`);
        return;
      }
    }
    if (a.width !== b.width || a.height !== b.height) problems.push(`render gave frames of different sizes: ${a.width}×${a.height}, then ${b.width}×${b.height}`);
  });

  attempt('close twice', () => {
    env.close();
    env.close();
  });
  return finish(problems, resolved.throwOnProblems);
}

function finish(problems: string[], throwOnProblems: boolean): string[] {
  if (throwOnProblems && problems.length > 0) {
    throw new EnvError(`checkEnv expects an env that keeps the Env contract, but found ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n- ${problems.join('\n- ')}`);
  }
  return problems;
}

function checkObservation(env: Env, who: string, observation: unknown, problems: string[]): void {
  if (!env.observationSpace.contains(observation)) {
    const why = env.observationSpace instanceof Box ? env.observationSpace.explain(observation) : undefined;
    problems.push(`${who} returned an observation outside ${env.observationSpace}${why ? `: ${why}` : `: ${describeValue(observation)}`}`);
  }
}

function checkInfo(who: string, info: unknown, problems: string[]): void {
  if (info === null || typeof info !== 'object' || Array.isArray(info)) problems.push(`${who} should return info as an object, but returned ${describeValue(info)}`);
}

function checkStep(env: Env, result: StepResult<unknown>, problems: string[]): void {
  checkObservation(env, 'step', result?.observation, problems);
  if (typeof result?.reward !== 'number' || !Number.isFinite(result.reward)) problems.push(`step should return a finite number reward, but returned ${describeValue(result?.reward)}`);
  if (typeof result?.terminated !== 'boolean') problems.push(`step should return terminated as a boolean, but returned ${describeValue(result?.terminated)}`);
  if (typeof result?.truncated !== 'boolean') problems.push(`step should return truncated as a boolean, but returned ${describeValue(result?.truncated)}`);
  checkInfo('step', result?.info as Info, problems);
}

/** Observations and rewards of one seeded rollout; the actions come from the action space seeded alike. */
function rollout(env: Env, seed: number, steps: number): { observations: unknown[]; rewards: number[] } {
  const observations: unknown[] = [copy(env.reset({ seed }).observation)];
  const rewards: number[] = [];
  env.actionSpace.seed(seed);
  for (let t = 0; t < steps; t++) {
    const result = env.step(env.actionSpace.sample());
    observations.push(copy(result.observation));
    rewards.push(result.reward);
    if (result.terminated || result.truncated) break;
  }
  return { observations, rewards };
}

function copy(value: unknown): unknown {
  return ArrayBuffer.isView(value) ? (value as unknown as Float64Array).slice() : structuredClone(value);
}

/** Deep equality for numbers, typed arrays, arrays and plain objects. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const x = a as unknown as ArrayLike<number>, y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}
