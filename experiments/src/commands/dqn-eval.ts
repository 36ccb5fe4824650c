/**
 * `deeper dqn eval --run DIR --episodes N [--epsilon E] [--seed S] [--json] [--gif out.gif]`:
 * evaluates a trained run's newest checkpoint: N episodes with ε-greedy actions (ε 0.05 by
 * default, the evaluation protocol of Mnih et al. 2015) on a fresh env instance. With
 * `--json` the last line is `{"episodes":N,"mean_return":…,"std_return":…}`; `--gif` records
 * the first episode; `--checkpoint best` evaluates the network of the run's best evaluation.
 */
import type { Command } from 'commander';
import { ConfigError } from '@deeper/core';
import { actorSteps, evaluatePolicy, loadDqnRun } from '@deeper/dqn';
import { writeGif, type RgbFrame } from '@deeper/envs';
import { smallNetworkBackendOptions, useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';

const who = 'deeper dqn eval';

export interface DqnEvalResult {
  episodes: number;
  mean_return: number;
  std_return: number;
  returns: number[];
}

/** Evaluates run `run`; `seed` seeds the evaluation episodes and the ε draws. */
export async function runDqnEval(options: { run: string; episodes: number; epsilon: number; seed: number; gif: string | null; checkpoint?: string }): Promise<DqnEvalResult> {
  const loaded = await loadDqnRun(options.run, { seed: options.seed, checkpoint: options.checkpoint });
  try {
    const { agent, policy } = loaded;
    if (options.gif !== null) {
      // A frame of each state the policy acts in (the env as the policy sees it, from the
      // episode's own reset on), then the state the last action leads to.
      const frames: RgbFrame[] = [];
      const steps = actorSteps(agent.env, (o) => {
        frames.push(agent.env.render());
        return policy.act(o, options.epsilon);
      }, { seed: options.seed });
      for (;;) {
        const t = steps.next().value;
        if (t.terminated || t.truncated || frames.length > 10_000) break;
      }
      frames.push(agent.env.render());
      writeGif(options.gif, frames, { fps: Math.min(100, agent.env.metadata.renderFps) });
    }
    const result = evaluatePolicy(agent.env, policy, options.episodes, options.epsilon, options.seed);
    return { episodes: options.episodes, mean_return: result.mean, std_return: result.std, returns: result.returns };
  } finally {
    loaded.agent.dispose();
  }
}

export function register(dqn: Command): void {
  dqn
    .command('eval')
    .description("evaluate a trained run's newest checkpoint over N episodes")
    .requiredOption('--run <dir>', 'run folder written by deeper dqn train')
    .option('--episodes <n>', 'episodes to play', '100')
    .option('--epsilon <x>', 'ε of the ε-greedy evaluation policy', '0.05')
    .option('--seed <n>', 'seed of the evaluation episodes', '1000')
    .option('--json', 'end with one JSON line {"episodes","mean_return","std_return"}')
    .option('--gif <path>', 'record the first episode as an animated GIF')
    .option('--checkpoint <which>', "'best' (the best evaluation's network, runs with keepBest), a checkpoint folder, or the newest (default)")
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const epsilon = Number(opts.epsilon);
      if (typeof opts.epsilon !== 'string' || opts.epsilon.trim() === '' || !(epsilon >= 0 && epsilon <= 1)) throw new ConfigError(who, '--epsilon', 'a number in [0, 1]', opts.epsilon);
      await useBackend(command, smallNetworkBackendOptions());
      const result = await runDqnEval({
        run: String(opts.run), episodes: parseIntegerOption(who, '--episodes', String(opts.episodes), 1), epsilon,
        seed: parseIntegerOption(who, '--seed', String(opts.seed), 0), gif: typeof opts.gif === 'string' ? opts.gif : null,
        checkpoint: typeof opts.checkpoint === 'string' ? opts.checkpoint : undefined,
      });
      if (opts.json === true) {
        console.log(JSON.stringify({ episodes: result.episodes, mean_return: result.mean_return, std_return: result.std_return }));
      } else {
        console.log(`mean return ${result.mean_return.toFixed(2)} ± ${result.std_return.toFixed(2)} over ${result.episodes} episodes (ε ${epsilon})`);
      }
    });
}
