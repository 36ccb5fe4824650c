/**
 * `deeper dqn train --env <id> [--preset minatar|classic] [--frames N] [--seed S] [--out DIR]
 * [--resume DIR] [--double] [--dueling] [--n-step N] [--prioritized] [--save-replay]`:
 * trains a DQN agent (@deeper/dqn trainDqn) into a run folder
 *
 *   <out>/<env>__dqn-<preset>__<seed>__<unix time>/
 *     config.json  metrics.jsonl  plots/training.svg  checkpoints/frame-<n>/
 *
 * with a progress bar (a line per N train-steps on a pipe). `--preset minatar` is MinAtar's
 * reference configuration, `--preset classic` the one for classic control (see
 * packages/dqn/src/dqn-config.ts); the default is minatar for MinAtar ids, classic otherwise.
 * `--resume DIR` continues a run from its newest checkpoint with its recorded config
 * (`--frames` may raise the budget). Ctrl-C stops between steps. The last stdout line is a
 * JSON summary: mean return of the last 100 training episodes and the last evaluation.
 */
import type { Command } from 'commander';
import { interruptedLine, runUntilSignal } from './until-signal';
import { tap, type TapObserver } from 'rxjs';
import { ConfigError, createRunFolder, lossPlot, metricsJsonl, openRunFolder, progressBar } from '@deeper/core';
import {
  dqnCurves, dqnMetricsOf, dqnPresets, dqnProgressView, resolveDqnConfig, trainDqn,
  type DqnConfig, type DqnDoneEvent, type DqnEvent, type DqnPresetName, type EvalEvent,
} from '@deeper/dqn';
import { smallNetworkBackendOptions, useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';

const who = 'deeper dqn train';

export interface DqnTrainOptions {
  env: string;
  preset: DqnPresetName | null;
  /** Overrides of the preset (frames, seed, extensions, evaluation and checkpoint cadence). */
  overrides: Partial<DqnConfig>;
  out: string;
  resume: string | null;
  /** On a pipe: one progress line every this many train-step events. */
  progressEvery: number;
}

export interface DqnTrainResult {
  runDir: string;
  done: DqnDoneEvent | null;
  lastEval: EvalEvent | null;
  /** Whether SIGINT or SIGTERM stopped it (after a checkpoint of the frames since the last one). */
  interrupted: boolean;
  /** The newest checkpoint this process wrote, if any. */
  lastCheckpoint: string | null;
  seconds: number;
}

/** The preset `--preset` defaults to for `env`. */
export function defaultPreset(env: string): DqnPresetName {
  return env.startsWith('MinAtar/') ? 'minatar' : 'classic';
}

/** Trains (or resumes) a run; resolves when it finishes or SIGINT/SIGTERM stops it (after a checkpoint). */
export async function runDqnTrain(options: DqnTrainOptions): Promise<DqnTrainResult> {
  const started = performance.now();
  let config: DqnConfig;
  let folder: { id: string; dir: string; metricsPath: string; plotsDir: string };
  if (options.resume !== null) {
    const opened = openRunFolder(options.resume);
    const { runId: _id, preset: _preset, ...recorded } = opened.config as Partial<DqnConfig> & { runId?: string; preset?: string };
    config = resolveDqnConfig({ ...recorded, ...(options.overrides.frames ? { frames: options.overrides.frames } : {}), runDir: opened.dir, resume: opened.dir });
    folder = opened;
  } else {
    const preset = options.preset ?? defaultPreset(options.env);
    config = resolveDqnConfig({ ...dqnPresets[preset], ...options.overrides, env: options.env });
    folder = createRunFolder({ root: options.out, task: config.env, expName: `dqn-${preset}`, seed: config.seed, config: { preset, ...config } });
    config = { ...config, runDir: folder.dir };
  }
  console.error(`run ${folder.id}: ${config.env}, ${config.frames} frames, seed ${config.seed}` +
    `${config.double ? ', double' : ''}${config.dueling ? ', dueling' : ''}${config.nStep > 1 ? `, ${config.nStep}-step` : ''}${config.prioritized ? ', prioritized' : ''}`);
  const plot = lossPlot(folder.plotsDir, folder.id, dqnCurves());
  let done: DqnDoneEvent | null = null;
  let lastEval: EvalEvent | null = null;
  // DQN events carry no epoch: the record simply has none.
  const jsonl = metricsJsonl(folder.metricsPath, dqnMetricsOf as never) as Partial<TapObserver<DqnEvent>>;
  const ended = await runUntilSignal((stop) => trainDqn(config, { stop }).pipe(
    tap((e) => {
      if (e.type === 'done') done = e;
      if (e.type === 'eval') lastEval = e;
    }),
    tap(jsonl),
    tap(progressBar({ view: dqnProgressView(config.frames), everySteps: options.progressEvery })),
    tap(plot),
  ));
  const interrupted = ended.interrupted;
  await plot.flush();
  return { runDir: folder.dir, done, lastEval, interrupted, lastCheckpoint: ended.lastCheckpoint, seconds: (performance.now() - started) / 1000 };
}

export function register(dqn: Command): void {
  dqn
    .command('train')
    .description('train a DQN agent into a run folder (progress bar, metrics.jsonl, plot, checkpoints)')
    .option('--env <id>', 'registered env id with discrete actions, e.g. MinAtar/Breakout-v0 or CartPole-v1')
    .option('--preset <name>', 'minatar (the MinAtar paper) or classic (classic control); default by env')
    .option('--frames <n>', 'env steps to train for (default: the preset\'s)')
    .option('--seed <n>', 'seed of weights, exploration, replay and episodes', '0')
    .option('--out <dir>', 'folder that receives the run folder', 'runs')
    .option('--resume <runDir>', 'continue this run folder from its newest checkpoint')
    // Each extension's flag and its --no- twin override the preset; neither keeps the preset's
    // choice (classic turns Double DQN and 3-step returns on, minatar turns everything off).
    .option('--double', 'Double DQN targets (van Hasselt et al. 2016)')
    .option('--no-double', "plain DQN targets, whatever the preset's")
    .option('--dueling', 'dueling value/advantage heads (Wang et al. 2016)')
    .option('--no-dueling', "a plain Q head, whatever the preset's")
    .option('--n-step <n>', "n-step returns (default: the preset's)")
    .option('--prioritized', 'proportional prioritized replay (Schaul et al. 2016)')
    .option('--no-prioritized', "uniform replay, whatever the preset's")
    .option('--save-replay', 'checkpoint the replay buffer too (exact resume; large)')
    .option('--keep-best', "keep the best evaluation's network in <run>/best (the classic preset does)")
    .option('--no-keep-best', "keep no best network, whatever the preset's")
    .option('--eval-every <n>', 'frames between evaluations (default: the preset\'s; 0 for none)')
    .option('--eval-episodes <n>', 'episodes per evaluation (default: the preset\'s)')
    .option('--checkpoint-every <n>', 'frames between checkpoints (default: the preset\'s)')
    .option('--progress-every <n>', 'without a terminal: a progress line every N train-step events', '10')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const resume = typeof opts.resume === 'string' ? opts.resume : null;
      if (resume === null && typeof opts.env !== 'string') throw new ConfigError(who, '--env', 'an env id (or --resume <runDir>)', opts.env);
      const preset = opts.preset === undefined ? null : opts.preset;
      if (preset !== null && !(preset as string in dqnPresets)) throw new ConfigError(who, '--preset', `one of ${Object.keys(dqnPresets).join(', ')}`, preset);
      // A flag the user gave (true, or false from its --no- twin); undefined keeps the preset's value.
      const flag = (value: string | boolean | undefined) => (typeof value === 'boolean' ? value : undefined);
      const int = (name: string, value: string | boolean | undefined, min: number) => (typeof value === 'string' ? parseIntegerOption(who, name, value, min) : undefined);
      const overrides: Partial<DqnConfig> = {
        frames: int('--frames', opts.frames, 1), seed: int('--seed', opts.seed, 0), nStep: int('--n-step', opts.nStep, 1),
        evalEvery: int('--eval-every', opts.evalEvery, 0), evalEpisodes: int('--eval-episodes', opts.evalEpisodes, 1), checkpointEvery: int('--checkpoint-every', opts.checkpointEvery, 0),
        double: flag(opts.double), dueling: flag(opts.dueling), prioritized: flag(opts.prioritized), keepBest: flag(opts.keepBest),
        saveReplay: opts.saveReplay === true,
      };
      for (const key of Object.keys(overrides) as (keyof DqnConfig)[]) if (overrides[key] === undefined) delete overrides[key];
      await useBackend(command, smallNetworkBackendOptions());
      const result = await runDqnTrain({
        env: typeof opts.env === 'string' ? opts.env : '', preset: preset as DqnPresetName | null, overrides, out: String(opts.out), resume,
        progressEvery: parseIntegerOption(who, '--progress-every', String(opts.progressEvery), 1),
      });
      if (result.interrupted) {
        console.log(interruptedLine(result.lastCheckpoint, `deeper dqn train --resume ${result.runDir}`));
        return;
      }
      const done = result.done as DqnDoneEvent | null;
      const lastEval = result.lastEval as EvalEvent | null;
      console.log(`run folder: ${result.runDir}`);
      console.log(JSON.stringify({
        run: result.runDir, frames: done?.step ?? null, episodes: done?.episodes ?? null, mean_return_last100: done?.meanReturnLast100 ?? null,
        eval_mean_return: lastEval?.meanReturn ?? null, eval_std_return: lastEval?.stdReturn ?? null, seconds: Number(result.seconds.toFixed(1)),
      }));
    });
}
