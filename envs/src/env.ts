/**
 * The environment contract (Gymnasium ≥ 0.26): `reset` starts an episode and returns the
 * first observation; `step` advances one step and tells apart `terminated` (the MDP reached
 * a terminal state) from `truncated` (a limit outside the MDP, such as TimeLimit, cut it).
 */
import type { Space } from './space';

/** What `reset` may take. */
export interface ResetOptions {
  /** Reseeds the env's generator (a non-negative integer); omitted, the stream goes on. */
  seed?: number;
  /** Env-specific options for this episode; unknown keys are an error. */
  options?: Record<string, unknown>;
}

export type Info = Record<string, unknown>;

export interface ResetResult<Obs> {
  observation: Obs;
  info: Info;
}

export interface StepResult<Obs> {
  observation: Obs;
  reward: number;
  /** The episode reached a terminal state of the MDP: bootstrap with 0. */
  terminated: boolean;
  /** The episode was cut short (time limit, …): the state is not terminal. */
  truncated: boolean;
  info: Info;
}

/** An RGB frame: `height × width × 3` bytes, row-major. */
export interface RgbFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Facts about an env that do not change between episodes. */
export interface EnvMetadata {
  /** Frames per second a recording of this env plays at. */
  renderFps: number;
  [key: string]: unknown;
}

export interface Env<Obs = unknown, Act = unknown> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  readonly metadata: EnvMetadata;
  /** The registry spec this env was made from, set by `make`. */
  spec?: import('./registry/env-spec').EnvSpec;
  reset(options?: ResetOptions): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  /** The current state as an RGB frame. */
  render(): RgbFrame;
  /** Frees whatever the env holds (workers, files). Idempotent. */
  close(): void;
}
