/**
 * A tiny env for wrapper and vector tests: the observation is [t, 10·t + last action] as
 * float32 at step t, the reward is the action minus 1, and the episode terminates after
 * `length` steps. Everything is predictable, so tests can state exact values.
 */
import type { Env, EnvMetadata, ResetOptions, ResetResult, RgbFrame, StepResult } from '../../../envs/src/env';
import type { EnvSpec } from '../../../envs/src/registry/env-spec';
import { Box } from '../../../envs/src/spaces/box';
import { Discrete } from '../../../envs/src/spaces/discrete';
import { Rng } from '../../../envs/src/rng';
import { InvalidActionError, ResetNeededError } from '../../../envs/src/errors';

export class CountEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box({ low: 0, high: 1000, shape: [2], dtype: 'float32' });
  readonly actionSpace = new Discrete(3);
  readonly metadata: EnvMetadata = { renderFps: 10 };
  spec?: EnvSpec;
  t = 0;
  /** The seed of the last seeded reset, or undefined. */
  lastSeed: number | undefined;
  /** Actions the env received, in order. */
  readonly actions: number[] = [];
  closed = 0;
  /** A value drawn at reset from the seeded generator, reported in info.draw. */
  private rng = new Rng(0);
  private done = true;

  constructor(readonly length = 5) {}

  reset({ seed }: ResetOptions = {}): ResetResult<Float32Array> {
    if (seed !== undefined) {
      this.rng.seed(seed);
      this.lastSeed = seed;
    }
    this.t = 0;
    this.done = false;
    return { observation: Float32Array.of(0, 0), info: { draw: this.rng.nextInt(1000) } };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new InvalidActionError(`CountEnv.step expects an action in ${this.actionSpace}, but received ${action}`);
    if (this.done) throw new ResetNeededError('CountEnv.step expects a running episode');
    this.actions.push(action);
    this.t += 1;
    this.done = this.t >= this.length;
    return { observation: Float32Array.of(this.t, 10 * this.t + action), reward: action - 1, terminated: this.done, truncated: false, info: { t: this.t } };
  }

  render(): RgbFrame {
    return { width: 2, height: 1, data: new Uint8Array(6).fill(this.t) };
  }

  close(): void {
    this.closed += 1;
  }
}
