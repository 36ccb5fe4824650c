/**
 * What one MinAtar game implements (rules in ../../../../shared/minatar-rules.md, Young &
 * Tian 2019). `MinAtarEnv` (./minatar-env.ts) wraps a game into the `Env` contract and owns
 * what is common to all five: the action set (full or minimal), sticky actions, the seeded
 * generator and the observation buffer.
 */
import type { Rng } from '../rng';

/** Full action set, in the paper's order. */
export const MINATAR_ACTIONS = ['noop', 'left', 'up', 'right', 'down', 'fire'] as const;

export interface MinAtarGameOptions {
  /** Difficulty ramping (spawn and move intervals shrink over time); default true, as the paper. */
  ramping: boolean;
}

export interface MinAtarGame {
  /** Game name, e.g. `Breakout`. */
  readonly name: string;
  /** One name per observation channel, in channel order. */
  readonly channels: readonly string[];
  /** Indices into the full action set that the minimal set (`-v1`) keeps. */
  readonly minimalActions: readonly number[];
  /** True once the episode has ended; `act` must not be called then. */
  readonly terminal: boolean;
  /** Starts a new episode, drawing every random choice from the env's `rng`. */
  reset(): void;
  /** Advances one frame with an action of the full set (0..5); returns the reward. */
  act(action: number): number;
  /**
   * Writes the current state into `obs`, a zeroed 10×10×C buffer in HWC order
   * (index `(row * 10 + col) * C + channel`), 1 where an object of that channel is.
   */
  writeObservation(obs: Uint8Array): void;
}

/** Each game module exports a constructor of this shape. */
export type MinAtarGameConstructor = new (rng: Rng, options: MinAtarGameOptions) => MinAtarGame;
