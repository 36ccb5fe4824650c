/**
 * Small envs with known optima for the DQN tests (as SB3's identity_env.py):
 * - IdentityEnv(n): the observation one-hot encodes a random k ∈ [0, n); the reward is 1 when
 *   the action equals k, else 0; episodes last `length` steps and end truncated (a time-out),
 *   so the optimal return is `length`.
 * - ScriptedEnv: a given list of rewards, observations and flags, for exact update checks.
 * - BrokenEnv: bad spaces or observations, for the error tests.
 */
import type { Env, EnvMetadata, ResetOptions, ResetResult, RgbFrame, StepResult } from '../../../envs/src/env';
import { Box } from '../../../envs/src/spaces/box';
import { Discrete } from '../../../envs/src/spaces/discrete';
import { Rng } from '../../../envs/src/rng';
import { getSpec, register } from '../../../envs/src/registry/registry';

export class IdentityEnv implements Env<Float32Array, number> {
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace: Discrete;
  readonly metadata: EnvMetadata = { renderFps: 10 };
  private rng = new Rng(0);
  private k = 0;
  private t = 0;

  constructor(readonly n = 4, readonly length = 10, readonly rewardScale = 1) {
    this.observationSpace = new Box({ low: 0, high: 1, shape: [n], dtype: 'float32' as const });
    this.actionSpace = new Discrete(n);
  }

  private observe(): Float32Array {
    this.k = this.rng.nextInt(this.n);
    const o = new Float32Array(this.n);
    o[this.k] = 1;
    return o;
  }

  reset({ seed }: ResetOptions = {}): ResetResult<Float32Array> {
    if (seed !== undefined) this.rng.seed(seed);
    this.t = 0;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    const reward = action === this.k ? this.rewardScale : 0;
    this.t++;
    return { observation: this.observe(), reward, terminated: false, truncated: this.t >= this.length, info: {} };
  }

  render(): RgbFrame {
    return { width: 1, height: 1, data: new Uint8Array(3) };
  }

  close(): void {}
}

/** An env whose action space is a Box (continuous): DQN must refuse it. */
export class ContinuousActionEnv extends IdentityEnv {
  override readonly actionSpace = new Box({ low: -1, high: 1, shape: [1] }) as unknown as Discrete;
}

/** An env whose observations have one element fewer than its space says. */
export class WrongShapeEnv extends IdentityEnv {
  override reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    const r = super.reset(options);
    return { ...r, observation: r.observation.subarray(1) };
  }
}

/** An identity env that returns one buffer, overwritten every step (as MinAtar does for speed). */
export class ReusingBufferEnv extends IdentityEnv {
  private readonly buffer = new Float32Array(this.n);

  override reset(options: ResetOptions = {}): ResetResult<Float32Array> {
    const r = super.reset(options);
    this.buffer.set(r.observation);
    return { ...r, observation: this.buffer };
  }

  override step(action: number): StepResult<Float32Array> {
    const r = super.step(action);
    this.buffer.set(r.observation);
    return { ...r, observation: this.buffer };
  }
}

/** Registers `id` once per process (tests may import this from several suites). */
export function registerOnce(id: string, create: () => Env, maxEpisodeSteps?: number): string {
  if (getSpec(id) === undefined) register({ id, create, description: `test env ${id}`, maxEpisodeSteps });
  return id;
}

export const identityEnvId = registerOnce('Test/Identity-v0', () => new IdentityEnv(4, 10));
export const hugeRewardEnvId = registerOnce('Test/HugeReward-v0', () => new IdentityEnv(4, 10, 1e30));
export const continuousEnvId = registerOnce('Test/ContinuousAction-v0', () => new ContinuousActionEnv());
export const wrongShapeEnvId = registerOnce('Test/WrongShape-v0', () => new WrongShapeEnv());
