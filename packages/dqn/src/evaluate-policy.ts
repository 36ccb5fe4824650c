/**
 * The evaluation protocol (Mnih et al. 2015, "Methods: evaluation procedure"; Machado et al.
 * 2018): K whole episodes with a small ε (0.05 by default) on an env instance of its own,
 * seeded apart from the training env, so that evaluation never disturbs training's stream.
 * Returns the episode returns; mean and standard deviation are computed from them.
 */
import type { Env } from '@deeper/envs';
import { checkInteger, checkNumber } from '@deeper/core';
import { actorSteps } from './act';
import type { EpsilonGreedyPolicy } from './epsilon-greedy-policy';

export interface EvaluationResult {
  returns: number[];
  lengths: number[];
  mean: number;
  /** Population standard deviation of the returns. */
  std: number;
}

/** Mean and population standard deviation. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: NaN, std: NaN };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Runs `episodes` episodes of `policy` with `epsilon` on `env`, episode k seeded from
 * `seed` (an evaluation round's own seed). `maxSteps` caps an episode that never ends.
 */
export function evaluatePolicy(env: Env<ArrayLike<number>, number>, policy: EpsilonGreedyPolicy, episodes: number, epsilon: number, seed: number, maxSteps = 1_000_000): EvaluationResult {
  checkInteger('evaluatePolicy', 'episodes', episodes);
  checkNumber('evaluatePolicy', 'epsilon', epsilon, 0, 1);
  const returns: number[] = [];
  const lengths: number[] = [];
  const steps = actorSteps(env, (o) => policy.act(o, epsilon), { seed });
  let current = 0;
  while (returns.length < episodes) {
    const t = steps.next().value;
    current++;
    if (t.terminated || t.truncated || current >= maxSteps) {
      returns.push(t.episodeReturn);
      lengths.push(t.episodeStep);
      current = 0;
      if (t.episodeStep >= maxSteps && !(t.terminated || t.truncated)) break;
    }
  }
  return { returns, lengths, ...meanStd(returns) };
}
