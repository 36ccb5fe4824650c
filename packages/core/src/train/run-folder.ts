/**
 * The folder one training run writes into (CleanRL's `runs/<run_name>` layout):
 *
 *   runs/<task>__<expName>__<seed>__<timestamp>/
 *     config.json     the resolved config, written first, before any training
 *     metrics.jsonl   one JSON object per event (metricsJsonl)
 *     plots/          loss and accuracy curves (lossPlot)
 *     checkpoints/    step-<n>/ folders (fit)
 *     samples/        generated images, for generative models
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkInteger, resolveConfig } from '../config';
import { CheckpointError, ConfigError } from '../errors';
import { writeFileAtomic } from '../io/atomic-write';
import { readJsonFile } from '../io/checkpoint-files';

export interface RunFolderConfig {
  /** Folder holding all runs; default 'runs' (relative to the working directory, as in CleanRL). */
  root: string;
  /** What is trained on, e.g. 'mnist' or 'MinAtar/Breakout-v1' ('/' becomes '-'); default 'train'. */
  task: string;
  /** Name of the experiment, e.g. 'deep-cnn'; default 'default'. */
  expName: string;
  /** The run's seed, part of its id; default 0. */
  seed: number;
  /** The resolved config to record in config.json; default {}. */
  config: Record<string, unknown>;
  /** Start time of the run, in the id as Unix seconds (CleanRL's int(time.time())); default null: now. */
  startedAt: Date | null;
}

export const runFolderDefaults: RunFolderConfig = { root: 'runs', task: 'train', expName: 'default', seed: 0, config: {}, startedAt: null };

/** Paths inside a run folder. */
export interface RunFolder {
  id: string;
  dir: string;
  configPath: string;
  metricsPath: string;
  plotsDir: string;
  checkpointsDir: string;
  samplesDir: string;
}

const who = 'createRunFolder';

function idPart(field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new ConfigError(who, field, 'a non-empty string', value);
  return value.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/** `${task}__${expName}__${seed}__${timestamp}`, the run's id and folder name. */
export function runId(task: string, expName: string, seed: number, startedAt: Date = new Date()): string {
  checkInteger('runId', 'seed', seed, 0);
  return `${idPart('task', task)}__${idPart('expName', expName)}__${seed}__${Math.floor(startedAt.getTime() / 1000)}`;
}

function foldersOf(id: string, dir: string): RunFolder {
  return {
    id,
    dir,
    configPath: join(dir, 'config.json'),
    metricsPath: join(dir, 'metrics.jsonl'),
    plotsDir: join(dir, 'plots'),
    checkpointsDir: join(dir, 'checkpoints'),
    samplesDir: join(dir, 'samples'),
  };
}

/** Creates a new run folder and writes its config.json; a second run in the same second gets a `-2`, `-3`… suffix. */
export function createRunFolder(partial: Partial<RunFolderConfig> = {}): RunFolder {
  const c = resolveConfig(who, runFolderDefaults, partial);
  idPart('root', c.root);
  if (c.config === null || typeof c.config !== 'object') throw new ConfigError(who, 'config', 'an object', c.config);
  const base = runId(c.task, c.expName, c.seed, c.startedAt ?? new Date());
  let id = base;
  for (let k = 2; existsSync(join(c.root, id)); k++) id = `${base}-${k}`;
  const folder = foldersOf(id, join(c.root, id));
  mkdirSync(folder.dir, { recursive: true });
  writeFileAtomic(folder.configPath, `${JSON.stringify({ runId: id, ...c.config }, null, 2)}\n`);
  for (const sub of [folder.plotsDir, folder.checkpointsDir, folder.samplesDir]) mkdirSync(sub, { recursive: true });
  return folder;
}

/** Opens an existing run folder (to resume it), returning its paths and recorded config. */
export function openRunFolder(dir: string): RunFolder & { config: Record<string, unknown> } {
  const folder = foldersOf(dir.replace(/\/+$/, '').split('/').pop() ?? dir, dir);
  if (!existsSync(folder.configPath)) {
    throw new CheckpointError(folder.configPath, 'the file does not exist, so this is not a run folder. Pass the runs/<runId> folder that a training run created');
  }
  const config = readJsonFile(folder.configPath);
  for (const sub of [folder.plotsDir, folder.checkpointsDir, folder.samplesDir]) mkdirSync(sub, { recursive: true });
  return { ...folder, config };
}
