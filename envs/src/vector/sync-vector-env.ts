/**
 * `SyncVectorEnv`: steps its sub-envs one after another in this thread (Gymnasium's
 * `SyncVectorEnv`), with same-step auto-reset (see ./vector-env.ts). `reset({ seed })`
 * seeds sub-env i with `seed + i`.
 */
import type { Env, Info, ResetOptions } from '../env';
import { EnvOptionError } from '../errors';
import type { Space } from '../space';
import { Box } from '../spaces/box';
import { allocate, type ArrayDtype, type TypedArray } from '../spaces/typed-array';
import { checkSeed } from '../rng';
import { describeValue } from '../registry/env-options';
import { batchSpace, checkActions, type VectorResetResult, type VectorStepResult } from './vector-env';

export class SyncVectorEnv<Act = unknown> {
  readonly envs: Env<TypedArray, Act>[];
  readonly numEnvs: number;
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Space<Act>;
  readonly observationSpace: Box;
  private readonly observations: TypedArray;
  private readonly size: number;
  private closed = false;

  /** `envFns[i]()` builds sub-env i; all must have the same spaces. */
  constructor(envFns: readonly (() => Env<TypedArray, Act>)[]) {
    if (!Array.isArray(envFns) || envFns.length === 0 || !envFns.every((f) => typeof f === 'function')) {
      throw new EnvOptionError(`SyncVectorEnv expects a non-empty array of functions that build envs, but received ${describeValue(envFns)}`);
    }
    this.envs = envFns.map((f) => f());
    this.numEnvs = this.envs.length;
    this.singleActionSpace = this.envs[0].actionSpace;
    this.observationSpace = batchSpace('SyncVectorEnv', this.envs[0].observationSpace, this.numEnvs);
    this.singleObservationSpace = this.envs[0].observationSpace as Box;
    for (const [i, env] of this.envs.entries()) {
      if (String(env.observationSpace) !== String(this.singleObservationSpace) || String(env.actionSpace) !== String(this.singleActionSpace)) {
        throw new EnvOptionError(`SyncVectorEnv expects every sub-env to have the spaces of sub-env 0 (${this.singleObservationSpace}, ${this.singleActionSpace}), but sub-env ${i} has ${env.observationSpace}, ${env.actionSpace}`);
      }
    }
    this.size = this.singleObservationSpace.size;
    this.observations = allocate(this.singleObservationSpace.dtype as ArrayDtype, this.size * this.numEnvs);
  }

  reset({ seed, options }: ResetOptions = {}): VectorResetResult {
    if (seed !== undefined) checkSeed('SyncVectorEnv.reset', seed);
    const infos: Info[] = [];
    for (const [i, env] of this.envs.entries()) {
      const { observation, info } = env.reset({ seed: seed === undefined ? undefined : seed + i, options });
      this.observations.set(observation, i * this.size);
      infos.push(info);
    }
    return { observations: this.observations.slice(), info: { envs: infos } };
  }

  step(actions: ArrayLike<Act>): VectorStepResult {
    checkActions('SyncVectorEnv', actions, this.numEnvs, this.singleActionSpace);
    const rewards = new Float64Array(this.numEnvs);
    const terminated: boolean[] = [], truncated: boolean[] = [], infos: Info[] = [];
    let finalObservation: (TypedArray | null)[] | undefined;
    let finalInfo: (Info | null)[] | undefined;
    for (const [i, env] of this.envs.entries()) {
      const result = env.step(actions[i]);
      rewards[i] = result.reward;
      terminated.push(result.terminated);
      truncated.push(result.truncated);
      if (result.terminated || result.truncated) {
        finalObservation ??= new Array<TypedArray | null>(this.numEnvs).fill(null);
        finalInfo ??= new Array<Info | null>(this.numEnvs).fill(null);
        finalObservation[i] = result.observation;
        finalInfo[i] = result.info;
        const next = env.reset();
        this.observations.set(next.observation, i * this.size);
        infos.push(next.info);
      } else {
        this.observations.set(result.observation, i * this.size);
        infos.push(result.info);
      }
    }
    const info = finalObservation ? { envs: infos, final_observation: finalObservation, final_info: finalInfo } : { envs: infos };
    return { observations: this.observations.slice(), rewards, terminated, truncated, info };
  }

  /** Closes every sub-env; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const env of this.envs) env.close();
  }
}
