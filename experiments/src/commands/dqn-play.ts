/**
 * `deeper dqn play --run DIR [--env <id>] [--fps F] [--episodes N] [--epsilon E]`: shows a
 * trained agent playing in the terminal, as `deeper envs play` shows a person: MinAtar games
 * as a coloured grid, other envs as a line of observation, Q-values and action per step.
 * q or Ctrl-C quits.
 */
import type { Command } from 'commander';
import { emitKeypressEvents } from 'node:readline';
import { ConfigError } from '@deeper/core';
import { actorSteps, loadDqnRun } from '@deeper/dqn';
import { MinAtarEnv, type Env, type Wrapper } from '@deeper/envs';
import { smallNetworkBackendOptions, useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';
import { renderAnsi } from './envs-play';

const who = 'deeper dqn play';

function minatarOf(env: Env): MinAtarEnv | null {
  let inner: Env = env;
  while (!(inner instanceof MinAtarEnv) && 'env' in inner) inner = (inner as Wrapper).env as Env;
  return inner instanceof MinAtarEnv ? inner : null;
}

export interface DqnPlayOptions {
  run: string;
  env: string | null;
  fps: number;
  episodes: number;
  epsilon: number;
  seed: number;
  /** Where frames go; default process.stdout. */
  out?: { write(text: string): unknown };
}

/** Plays `episodes` episodes at `fps`, drawing each step; resolves at the end or on q / Ctrl-C. */
export async function runDqnPlay(options: DqnPlayOptions): Promise<number[]> {
  const out = options.out ?? process.stdout;
  const loaded = await loadDqnRun(options.run, { env: options.env ?? undefined, seed: options.seed });
  const { agent, policy, config } = loaded;
  const minatar = minatarOf(agent.env as Env);
  const steps = actorSteps(agent.env, (o) => policy.act(o, options.epsilon), { seed: options.seed });
  const returns: number[] = [];
  let quit = false;
  const interactive = process.stdin.isTTY === true && out === process.stdout;
  const onKey = (_: string, key: { name?: string; ctrl?: boolean } | undefined) => {
    if (key?.name === 'q' || (key?.ctrl && key.name === 'c')) quit = true;
  };
  if (interactive) {
    emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.on('keypress', onKey);
    out.write('\x1b[2J\x1b[?25l');
  }
  try {
    while (!quit && returns.length < options.episodes) {
      const t = steps.next().value;
      const q = policy.qValues(t.nextObservation).map((v) => v.toFixed(2)).join(' ');
      const status = `${config.env}  episode ${t.episode + 1}  step ${t.episodeStep}  return ${t.episodeReturn}  action ${t.action}  Q(s′) [${q}]`;
      if (minatar !== null) out.write(`${interactive ? '\x1b[H' : ''}${renderAnsi(minatar, `${status}\x1b[K`)}\n`);
      else out.write(`${status}  s′ [${Array.from(t.nextObservation).map((v) => v.toFixed(3)).join(', ')}]\n`);
      if (t.terminated || t.truncated) {
        returns.push(t.episodeReturn);
        out.write(`episode ${t.episode + 1}: return ${t.episodeReturn} in ${t.episodeStep} steps\n`);
      }
      if (options.fps > 0) await new Promise((r) => setTimeout(r, 1000 / options.fps));
    }
  } finally {
    if (interactive) {
      process.stdin.off('keypress', onKey);
      process.stdin.setRawMode(false);
      process.stdin.pause();
      out.write('\x1b[?25h\n');
    }
    agent.dispose();
  }
  return returns;
}

export function register(dqn: Command): void {
  dqn
    .command('play')
    .description('watch a trained agent play in the terminal')
    .requiredOption('--run <dir>', 'run folder written by deeper dqn train')
    .option('--env <id>', "env to play (default: the run's)")
    .option('--fps <n>', 'steps per second (0: as fast as possible)', '10')
    .option('--episodes <n>', 'episodes to play', '1')
    .option('--epsilon <x>', 'ε of the ε-greedy policy', '0')
    .option('--seed <n>', 'seed of the episodes', '0')
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      const fps = Number(opts.fps);
      if (!(fps >= 0 && fps <= 60)) throw new ConfigError(who, '--fps', 'a number in [0, 60]', opts.fps);
      const epsilon = Number(opts.epsilon);
      if (!(epsilon >= 0 && epsilon <= 1)) throw new ConfigError(who, '--epsilon', 'a number in [0, 1]', opts.epsilon);
      await useBackend(command, smallNetworkBackendOptions());
      await runDqnPlay({
        run: String(opts.run), env: opts.env ?? null, fps, epsilon,
        episodes: parseIntegerOption(who, '--episodes', String(opts.episodes), 1), seed: parseIntegerOption(who, '--seed', String(opts.seed), 0),
      });
    });
}
