/**
 * `deeper envs record --env <id> --out episode.gif [--seed S] [--policy random|noop]
 * [--max-steps N] [--fps F]`: plays one episode of a registered env and writes its frames
 * (`render()`, the reset frame and one per step) as an animated GIF.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { GifWriter, make, type Env } from '@deeper/envs';

export interface RecordEpisodeConfig {
  /** Registered env id, e.g. `MinAtar/Breakout-v1`; required. */
  env: string;
  /** Path of the GIF to write; required. */
  out: string;
  /** Seed of the env's reset and of the random policy; default 0. */
  seed: number;
  /** `random` samples the action space, `noop` always takes action 0; default `random`. */
  policy: 'random' | 'noop';
  /** Stop after this many steps even if the episode goes on; default 10,000. */
  maxSteps: number;
  /** Playback speed; default (0) the env's `metadata.renderFps`. */
  fps: number;
}

export const recordEpisodeDefaults: Omit<RecordEpisodeConfig, 'env' | 'out'> = { seed: 0, policy: 'random', maxSteps: 10_000, fps: 0 };

export interface RecordedEpisode {
  path: string;
  steps: number;
  episodeReturn: number;
  /** Frames in the GIF: `steps + 1`. */
  frames: number;
  /** Whether the episode ended (terminated or truncated) rather than hitting `maxSteps`. */
  ended: boolean;
}

/** Plays and records one episode; returns what was written. */
export async function recordEpisode(partial: Partial<RecordEpisodeConfig> & Pick<RecordEpisodeConfig, 'env' | 'out'>): Promise<RecordedEpisode> {
  const config = { ...recordEpisodeDefaults, ...partial };
  if (!Number.isSafeInteger(config.seed) || config.seed < 0) throw new Error(`deeper envs record expects --seed to be a non-negative integer, but received ${config.seed}`);
  if (!Number.isSafeInteger(config.maxSteps) || config.maxSteps < 1) throw new Error(`deeper envs record expects --max-steps to be a positive integer, but received ${config.maxSteps}`);
  if (config.policy !== 'random' && config.policy !== 'noop') throw new Error(`deeper envs record expects --policy to be random or noop, but received ${JSON.stringify(config.policy)}`);
  if (!config.out.toLowerCase().endsWith('.gif')) throw new Error(`deeper envs record expects --out to name a .gif file, but received ${JSON.stringify(config.out)}`);
  const env = make(config.env) as Env<unknown, unknown>;
  try {
    const writer = new GifWriter({ fps: config.fps || env.metadata.renderFps || 30 });
    env.reset({ seed: config.seed });
    env.actionSpace.seed(config.seed);
    writer.addFrame(env.render());
    let steps = 0, episodeReturn = 0, ended = false;
    while (steps < config.maxSteps && !ended) {
      const action = config.policy === 'random' ? env.actionSpace.sample() : 0;
      const result = env.step(action);
      steps++;
      episodeReturn += result.reward;
      ended = result.terminated || result.truncated;
      writer.addFrame(env.render());
    }
    await mkdir(dirname(config.out), { recursive: true });
    await writeFile(config.out, writer.finish());
    return { path: config.out, steps, episodeReturn, frames: writer.frameCount, ended };
  } finally {
    env.close();
  }
}

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`deeper envs record expects ${name} to be an integer, but received ${JSON.stringify(value)}`);
    return n;
  };
}

export function register(envs: Command): void {
  envs
    .command('record')
    .description('play one episode and write it as an animated GIF')
    .requiredOption('--env <id>', 'registered env id, e.g. MinAtar/Breakout-v1')
    .requiredOption('--out <file.gif>', 'GIF file to write')
    .option('--seed <n>', 'seed of the reset and the policy', integer('--seed'), recordEpisodeDefaults.seed)
    .option('--policy <name>', 'random or noop', recordEpisodeDefaults.policy)
    .option('--max-steps <n>', 'stop after this many steps', integer('--max-steps'), recordEpisodeDefaults.maxSteps)
    .option('--fps <n>', 'playback speed (default: the env’s)', Number, recordEpisodeDefaults.fps)
    .action(async (opts: { env: string; out: string; seed: number; policy: 'random' | 'noop'; maxSteps: number; fps: number }) => {
      const r = await recordEpisode(opts);
      console.log(`${r.path}: ${r.frames} frames, ${r.steps} steps, return ${r.episodeReturn}${r.ended ? '' : ` (stopped at --max-steps ${opts.maxSteps})`}`);
    });
}
