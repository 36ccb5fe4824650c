/**
 * A registry entry: how to build an env from options, and the facts `make` applies to it
 * (Gymnasium's `EnvSpec`). Ids are versioned, `Name-vN` or `Namespace/Name-vN`.
 */
import type { Env } from '../env';

export interface EnvSpec {
  /** Versioned id, e.g. `CartPole-v1` or `MinAtar/Breakout-v1`. */
  id: string;
  /** Builds a fresh env from the caller's options merged over `defaultOptions`. */
  create: (options: Record<string, unknown>) => Env;
  /** Options the env is built with unless the caller overrides them. */
  defaultOptions?: Record<string, unknown>;
  /** `make` wraps the env in TimeLimit(maxEpisodeSteps); undefined means no limit. */
  maxEpisodeSteps?: number;
  /** The mean return over 100 episodes at which the task counts as solved. */
  rewardThreshold?: number;
  /** Whether the same seed can give different episodes. */
  nondeterministic?: boolean;
  /** One line for `deeper envs list`. */
  description: string;
}
