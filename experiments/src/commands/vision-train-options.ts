/**
 * The options every `deeper vision <task> train` command shares (issue 11: "Every `train`
 * command takes `--data DIR [--epochs N] [--seed S] --out RUN [--json]`"), declared and parsed
 * in one place so that segment, detect and caption read them alike.
 */
import type { Command } from 'commander';
import { ConfigError } from '@deeper/core';
import { parseIntegerOption } from './envs-rollout';

/** The shared fields of each task's train options. */
export interface VisionTrainOptions {
  data: string;
  out: string;
  /** null: 10 for a new run, the recorded count on resume. */
  epochs: number | null;
  seed: number;
  batchSize: number;
  learningRate: number;
  /** Adam's rate over the run: constant or cosine to 0 over the epochs; undefined: visionTrainDefaults' (constant). */
  lrSchedule?: 'constant' | 'cosine';
  /** Largest global gradient norm before each step; undefined: visionTrainDefaults' (null, no clipping). */
  clipNorm?: number | null;
  limit: number | null;
  resume: boolean;
  progressEvery: number;
}

export interface VisionTrainOptionText {
  /** What --data names, e.g. 'caption folder (images/, train.jsonl, test.jsonl)'. */
  data: string;
  /** What one training sample is, plural: 'images', 'scenes', '(image, caption) pairs'. */
  samples: string;
  /** Default of --batch-size. */
  batchSize: number;
  /** What --limit counts, plural, when not `samples` (a caption folder's images each have several captions). */
  limitUnit?: string;
}

/** Declares --data and --out (required), --epochs, --seed, --batch-size, --learning-rate, --limit; `taskOptions` adds the task's own; then --resume, --progress-every, --json. */
export function declareVisionTrainOptions(command: Command, text: VisionTrainOptionText, taskOptions: (command: Command) => Command = (c) => c): Command {
  command
    .requiredOption('--data <dir>', text.data)
    .requiredOption('--out <run>', 'run folder to create (or continue, with --resume)')
    .option('--epochs <n>', `passes over the training ${text.samples} (default 10)`)
    .option('--seed <n>', 'seed of weights and minibatch order', '0')
    .option('--batch-size <n>', `${text.samples} per step`, String(text.batchSize))
    .option('--learning-rate <x>', "Adam's learning rate", '0.001')
    .option('--lr-schedule <name>', "the rate over the run: constant, or cosine (to 0 at the last epoch)", 'constant')
    .option('--clip-norm <x>', 'clip the gradients to this global L2 norm before each step (default: no clipping)')
    .option('--limit <n>', `train on the first n training ${text.limitUnit ?? text.samples} only`);
  return taskOptions(command)
    .option('--resume', 'continue --out from its last checkpoint')
    .option('--progress-every <n>', 'steps between progress lines when not on a terminal', '20')
    .option('--json', 'print the test metrics as the last line, in JSON');
}

/** The shared options as parsed values; a bad one is refused naming the option, the value and what was expected. */
export function parseVisionTrainOptions(who: string, opts: Record<string, string | boolean | undefined>): VisionTrainOptions {
  const learningRate = Number(opts.learningRate);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new ConfigError(who, '--learning-rate', 'a positive number', opts.learningRate);
  const lrSchedule = opts.lrSchedule === undefined ? 'constant' : String(opts.lrSchedule);
  if (lrSchedule !== 'constant' && lrSchedule !== 'cosine') throw new ConfigError(who, '--lr-schedule', 'constant or cosine', opts.lrSchedule);
  const clipNorm = opts.clipNorm === undefined ? null : Number(opts.clipNorm);
  if (clipNorm !== null && !(clipNorm > 0 && Number.isFinite(clipNorm))) throw new ConfigError(who, '--clip-norm', 'a positive number', opts.clipNorm);
  return {
    data: String(opts.data), out: String(opts.out),
    epochs: opts.epochs === undefined ? null : parseIntegerOption(who, '--epochs', String(opts.epochs), 1),
    seed: parseIntegerOption(who, '--seed', String(opts.seed), 0),
    batchSize: parseIntegerOption(who, '--batch-size', String(opts.batchSize), 1),
    learningRate,
    lrSchedule,
    clipNorm,
    limit: opts.limit === undefined ? null : parseIntegerOption(who, '--limit', String(opts.limit), 1),
    resume: opts.resume === true,
    progressEvery: parseIntegerOption(who, '--progress-every', String(opts.progressEvery), 1),
  };
}
