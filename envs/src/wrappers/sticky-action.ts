/**
 * `StickyAction`: with probability `p` the env repeats the previous action instead of the
 * one given (Machado et al. 2018, "Revisiting the Arcade Learning Environment", §5.2;
 * Gymnasium's `StickyAction`). The first step of an episode always uses the given action.
 * The wrapper draws from its own generator, seeded by `reset({ seed })`.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../env';
import { Rng } from '../rng';
import { InvalidActionError } from '../errors';
import { checkEnvNumber, describeValue, resolveEnvOptions } from '../registry/env-options';
import { Wrapper } from './wrapper';

export interface StickyActionConfig {
  /** Probability of repeating the previous action; default 0.25, as Machado et al. 2018. */
  repeatActionProbability: number;
}

export const stickyActionDefaults: StickyActionConfig = { repeatActionProbability: 0.25 };

export class StickyAction<Obs, Act> extends Wrapper<Obs, Act> {
  readonly repeatActionProbability: number;
  private rng = new Rng(0);
  private lastAction: Act | undefined;

  constructor(env: Env<Obs, Act>, config: Partial<StickyActionConfig> = {}) {
    super(env);
    const resolved = resolveEnvOptions('StickyAction', stickyActionDefaults, config);
    // p = 1 would ignore every action after the first: a bug, never a setting.
    this.repeatActionProbability = checkEnvNumber('StickyAction', 'repeatActionProbability', resolved.repeatActionProbability, 0, 0.999999);
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    if (options?.seed !== undefined) this.rng.seed(options.seed);
    this.lastAction = undefined;
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    // Validate the given action first, so a bad one is reported even when it would be replaced.
    if (!this.env.actionSpace.contains(action)) {
      throw new InvalidActionError(`StickyAction.step expects an action in ${this.env.actionSpace}, but received ${describeValue(action)}`);
    }
    const taken = this.lastAction !== undefined && this.rng.nextFloat() < this.repeatActionProbability ? this.lastAction : action;
    this.lastAction = taken;
    return this.env.step(taken);
  }
}
