/**
 * `TimeLimit`: truncates an episode after `maxEpisodeSteps` steps (Gymnasium's `TimeLimit`).
 * The limit is outside the MDP, so it sets `truncated`, never `terminated`. Stepping after
 * either ends the episode throws `ResetNeededError`, whatever the inner env does.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../env';
import { ResetNeededError } from '../errors';
import { checkEnvInteger, resolveEnvOptions } from '../registry/env-options';
import { Wrapper } from './wrapper';

export interface TimeLimitConfig {
  /** Steps after which the episode is truncated; no default, the registry takes it from the spec. */
  maxEpisodeSteps: number;
}

export class TimeLimit<Obs, Act> extends Wrapper<Obs, Act> {
  readonly maxEpisodeSteps: number;
  /** Steps taken in the current episode. */
  elapsedSteps = 0;
  private ended = true;

  constructor(env: Env<Obs, Act>, config: TimeLimitConfig) {
    super(env);
    const resolved = resolveEnvOptions('TimeLimit', { maxEpisodeSteps: 0 }, config);
    this.maxEpisodeSteps = checkEnvInteger('TimeLimit', 'maxEpisodeSteps', resolved.maxEpisodeSteps, 1);
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.elapsedSteps = 0;
    this.ended = false;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    if (this.ended) {
      throw new ResetNeededError(`TimeLimit.step expects a running episode, but received a step after the episode ended (or before the first reset); call reset() first`);
    }
    const result = this.env.step(action);
    this.elapsedSteps += 1;
    const truncated = result.truncated || this.elapsedSteps >= this.maxEpisodeSteps;
    this.ended = result.terminated || truncated;
    return { ...result, truncated };
  }
}
