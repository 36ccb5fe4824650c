/**
 * `deeper envs rollout --env <id> --episodes N --policy random --seed S [--json]`: plays N
 * episodes and prints each one's return and length, then a summary. With `--json` every line
 * is JSON and the last is exactly
 * `{"episodes":N,"mean_return":…,"sem_return":…,"mean_length":…,"sem_length":…}`, the standard
 * error of the mean being the sample standard deviation over √N (0 for N = 1).
 *
 * Seeding follows Gymnasium: the first reset gets `seed`, later resets continue the env's
 * stream; the random policy samples the action space seeded with `seed`.
 */
import type { Command } from 'commander';
import { EnvOptionError, make } from '@deeper/envs';

export interface RolloutConfig {
  /** Registry id, e.g. `CartPole-v1`; required. */
  env: string;
  /** Episodes to play; default 10. */
  episodes: number;
  /** Policy that picks actions; only `random` (uniform over the action space) so far. */
  policy: 'random';
  /** Seed of the first reset and of the policy; default 0. */
  seed: number;
}

export const rolloutDefaults: Omit<RolloutConfig, 'env'> = { episodes: 10, policy: 'random', seed: 0 };

export interface EpisodeOutcome {
  episode: number;
  return: number;
  length: number;
}

export interface RolloutSummary {
  episodes: number;
  mean_return: number;
  sem_return: number;
  mean_length: number;
  sem_length: number;
}

export function rollout(config: RolloutConfig): EpisodeOutcome[] {
  const env = make(config.env);
  try {
    env.actionSpace.seed(config.seed);
    const outcomes: EpisodeOutcome[] = [];
    for (let episode = 1; episode <= config.episodes; episode++) {
      env.reset(episode === 1 ? { seed: config.seed } : {});
      let total = 0, length = 0, done = false;
      while (!done) {
        const result = env.step(env.actionSpace.sample());
        total += result.reward;
        length += 1;
        done = result.terminated || result.truncated;
      }
      outcomes.push({ episode, return: total, length });
    }
    return outcomes;
  } finally {
    env.close();
  }
}

/** Mean and standard error of the mean (sample sd / √n; 0 for n = 1). */
export function meanAndSem(values: readonly number[]): { mean: number; sem: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, sem: 0 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, sem: Math.sqrt(variance / n) };
}

export function summarize(outcomes: readonly EpisodeOutcome[]): RolloutSummary {
  const r = meanAndSem(outcomes.map((o) => o.return));
  const l = meanAndSem(outcomes.map((o) => o.length));
  return { episodes: outcomes.length, mean_return: r.mean, sem_return: r.sem, mean_length: l.mean, sem_length: l.sem };
}

/** Parses a command-line integer strictly: `1.5`, `1e3`, `abc` and values below `min` are errors. */
export function parseIntegerOption(who: string, name: string, text: string, min: number): number {
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new EnvOptionError(`${who} expects ${name} to be ${min === 0 ? 'a non-negative' : 'a positive'} integer, but received ${JSON.stringify(text)}`);
  }
  return value;
}

export function register(envs: Command): void {
  envs
    .command('rollout')
    .description('play episodes with a policy and print their returns and lengths')
    .requiredOption('--env <id>', 'registered env id, e.g. CartPole-v1')
    .option('--episodes <n>', 'episodes to play', String(rolloutDefaults.episodes))
    .option('--policy <name>', 'policy: random', rolloutDefaults.policy)
    .option('--seed <s>', 'seed of the first reset and of the policy', String(rolloutDefaults.seed))
    .option('--json', 'print JSON lines; the last one is the summary')
    .action((opts: { env: string; episodes: string; policy: string; seed: string; json?: boolean }) => {
      const who = 'deeper envs rollout';
      if (opts.policy !== 'random') throw new EnvOptionError(`${who} expects --policy to be "random", but received ${JSON.stringify(opts.policy)}`);
      const config: RolloutConfig = {
        env: opts.env,
        episodes: parseIntegerOption(who, '--episodes', opts.episodes, 1),
        policy: 'random',
        seed: parseIntegerOption(who, '--seed', opts.seed, 0),
      };
      const outcomes = rollout(config);
      const summary = summarize(outcomes);
      if (opts.json) {
        for (const o of outcomes) console.log(JSON.stringify(o));
        console.log(JSON.stringify(summary));
      } else {
        for (const o of outcomes) console.log(`episode ${o.episode}: return ${o.return}, length ${o.length}`);
        console.log(`${summary.episodes} episodes of ${config.env}: return ${summary.mean_return.toFixed(2)} ± ${summary.sem_return.toFixed(2)}, length ${summary.mean_length.toFixed(1)} ± ${summary.sem_length.toFixed(1)} (mean ± SEM)`);
      }
    });
}
