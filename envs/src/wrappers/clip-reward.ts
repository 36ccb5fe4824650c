/**
 * `ClipReward`: clips each reward into [min, max] (Gymnasium's `ClipReward`); Mnih et al.
 * 2015 clip Atari rewards to [-1, 1] so one learning rate suits every game.
 */
import type { Env, StepResult } from '../env';
import { EnvOptionError } from '../errors';
import { resolveEnvOptions } from '../registry/env-options';
import { Wrapper } from './wrapper';

export interface ClipRewardConfig {
  /** Lowest reward passed on; default -1 (Mnih et al. 2015); -Infinity for no lower bound. */
  min: number;
  /** Highest reward passed on; default 1 (Mnih et al. 2015); Infinity for no upper bound. */
  max: number;
}

export const clipRewardDefaults: ClipRewardConfig = { min: -1, max: 1 };

export class ClipReward<Obs, Act> extends Wrapper<Obs, Act> {
  readonly min: number;
  readonly max: number;

  constructor(env: Env<Obs, Act>, config: Partial<ClipRewardConfig> = {}) {
    super(env);
    const { min, max } = resolveEnvOptions('ClipReward', clipRewardDefaults, config);
    if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max) || min > max) {
      throw new EnvOptionError(`ClipReward expects numbers min ≤ max, but received min ${String(min)}, max ${String(max)}`);
    }
    this.min = min;
    this.max = max;
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    return { ...result, reward: Math.min(Math.max(result.reward, this.min), this.max) };
  }
}
