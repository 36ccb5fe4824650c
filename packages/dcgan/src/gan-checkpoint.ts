/**
 * A GAN checkpoint: both networks with their optimizers and the loop's position, as one set.
 *
 *   checkpoints/step-<n>/
 *     generator/       @deeper/core's training checkpoint of G and its Adam (model, optimizer, state.json)
 *     discriminator/   the same for D
 *     generator-ema/   only with an average: G's averaged weights (GeneratorEma), model.json + weights.bin
 *     gan-state.json   epoch, batch, step, RNG state, the run's fingerprint, the average's decay and
 *                      updates, and the size and SHA-256 of the average's two files
 *
 * The set is written atomically, as core's `saveTrainCheckpoint` writes one model's: every
 * file goes through `writeFileAtomic` (temporary file, fsync, rename) into the folder
 * `.step-<n>.<pid>.tmp`, gan-state.json last, and that folder is fsynced and renamed to
 * `step-<n>` only when the whole set is in it. A folder named `step-<n>` that holds a
 * gan-state.json is therefore complete, and a crash or SIGKILL at any instant leaves every
 * earlier set as it was; the temporary folder it leaves is ignored by the loader and removed
 * by the next save once its process is gone. Writing a step that exists again (a resumed run
 * stopped before its next checkpoint) moves the old set aside under `.step-<n>.<pid>.old`
 * before renaming the new one in, so no half-deleted set is ever named `step-<n>`.
 *
 * Loading checks each network against the run (weight shapes, seed, batch size, data size,
 * optimizer, each file's size and SHA-256) through core's `loadTrainCheckpoint`, which names
 * any mismatch, and the average's files against gan-state.json's record of them.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkpointName, CheckpointError, DeeperError, fileRecord, loadTrainCheckpoint, loadWeightsInto, modelFiles, moveFolderIntoPlace, readLoopState, removeAbandonedWorkFolders, saveModel,
  saveTrainCheckpoint, verifyFileRecords, writeFileAtomic, type FileRecord, type LoopState,
} from '@deeper/core';
import * as tf from '@tensorflow/tfjs';
import type { GanPair } from './gan-step';
import type { GeneratorEma } from './generator-ema';

/** The loop's part of a GAN checkpoint. */
export interface GanLoopState {
  /** Epoch to continue in, from 0. */
  epoch: number;
  /** Next minibatch within `epoch`. */
  batch: number;
  /** Steps taken. */
  step: number;
  /** State of the minibatch-order RNG at the start of `epoch`. */
  rngState: number;
  /** What a resumed run must match. */
  run: { seed: number; batchSize: number; trainCount: number };
  /** The generator's weight average kept in the set (its decay β and updates t), or null/absent when the run keeps none. */
  ema?: { decay: number; updates: number } | null;
}

const stateFile = 'gan-state.json';
const emaDir = 'generator-ema';
const roles = ['generator', 'discriminator'] as const;
/** The files of the average that gan-state.json records, relative to the set. */
const emaFiles = [modelFiles.json, modelFiles.weights].map((file) => `${emaDir}/${file}`);
/** Folders a save works in: `.step-<n>.<pid>.tmp` (the set being written) and `.step-<n>.<pid>.old` (the set it replaces). */
const workFolder = /^\.step-\d+\.(\d+)\.(tmp|old)$/;

const weightShapes = (model: tf.LayersModel) => model.weights.map((w) => w.shape.map((d) => d ?? -1));

function loopStateFor(pair: GanPair, role: (typeof roles)[number], state: GanLoopState): LoopState {
  const model = pair[role];
  const optimizer = role === 'generator' ? pair.generatorOptimizer : pair.discriminatorOptimizer;
  return {
    epoch: state.epoch, batch: state.batch, step: state.step, rngState: state.rngState, layerRandomStates: {}, bestValidationAccuracy: null,
    run: { ...state.run, optimizer: optimizer.config.name, weightShapes: weightShapes(model) },
  };
}

/** Writes the set for `state.step` into `checkpointsDir` (with `ema`'s averaged generator when given) atomically; returns its path. */
export async function saveGanCheckpoint(checkpointsDir: string, pair: GanPair, state: GanLoopState, ema: GeneratorEma | null = null): Promise<string> {
  const name = checkpointName(state.step);
  const finalDir = join(checkpointsDir, name);
  const tempDir = join(checkpointsDir, `.${name}.${process.pid}.tmp`);
  removeAbandonedWorkFolders(checkpointsDir, workFolder);
  rmSync(tempDir, { recursive: true, force: true });
  try {
    for (const role of roles) {
      const optimizer = role === 'generator' ? pair.generatorOptimizer : pair.discriminatorOptimizer;
      const staging = join(tempDir, `.${role}`);
      const written = await saveTrainCheckpoint(staging, pair[role], optimizer, loopStateFor(pair, role, state));
      renameSync(written, join(tempDir, role));
      rmSync(staging, { recursive: true, force: true });
    }
    let files: Record<string, FileRecord> = {};
    if (ema !== null) {
      await saveModel(ema.average, join(tempDir, emaDir));
      files = Object.fromEntries(emaFiles.map((file) => [file, fileRecord(join(tempDir, file))]));
    }
    const emaState = ema === null ? null : { decay: ema.decay, updates: ema.updates };
    // gan-state.json goes last: a set is complete exactly when it holds one.
    writeFileAtomic(join(tempDir, stateFile), JSON.stringify({ format: 'deeper-gan-state', version: 1, ...state, ema: emaState, files }, null, 1));
    moveFolderIntoPlace(tempDir, finalDir);
  } catch (error) {
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  return finalDir;
}

/** The newest complete set under `<runDir>/checkpoints` (or `runDir` itself if it is one), or null. */
export function latestGanCheckpoint(runDir: string): string | null {
  if (existsSync(join(runDir, stateFile))) return runDir;
  const dir = join(runDir, 'checkpoints');
  if (!existsSync(dir)) return null;
  const found = readdirSync(dir).filter((n) => /^step-\d+$/.test(n) && existsSync(join(dir, n, stateFile))).sort();
  return found.length === 0 ? null : join(dir, found[found.length - 1]);
}

/**
 * Loads set `dir` into `pair` after checking it belongs to a run with `run`'s seed, batch
 * size and data size and the pair's architecture; returns the loop state.
 */
export async function loadGanCheckpoint(dir: string, pair: GanPair, run: GanLoopState['run']): Promise<GanLoopState> {
  if (!existsSync(join(dir, stateFile))) throw new CheckpointError(dir, `it has no ${stateFile}; pass a run folder or a checkpoints/step-<n> folder that trainDcgan wrote`);
  for (const role of roles) {
    const optimizer = role === 'generator' ? pair.generatorOptimizer : pair.discriminatorOptimizer;
    const expected = loopStateFor(pair, role, { epoch: 0, batch: 0, step: 0, rngState: 0, run }).run;
    await loadTrainCheckpoint(join(dir, role), pair[role], optimizer, expected);
  }
  const g = readLoopState(join(dir, 'generator'));
  return { epoch: g.epoch, batch: g.batch, step: g.step, rngState: g.rngState, run, ema: ganCheckpointEma(dir) };
}

interface GanStateFile { ema?: { decay: number; updates: number } | null; files?: Record<string, FileRecord> }

const readGanState = (dir: string) => JSON.parse(readFileSync(join(dir, stateFile), 'utf8')) as GanStateFile;

/** The average kept in set `dir` (decay and updates), or null when it keeps none (a run without one, or written before averages existed). */
export function ganCheckpointEma(dir: string): { decay: number; updates: number } | null {
  const state = readGanState(dir);
  return state.ema != null && existsSync(join(dir, emaDir)) ? state.ema : null;
}

/**
 * Checks the average's files in set `dir` against gan-state.json's record of them (size and
 * SHA-256); sets written before the record existed pass unchecked. Throws a CheckpointError
 * naming the file.
 */
function verifyEmaFiles(dir: string): void {
  verifyFileRecords(dir, readGanState(dir).files ?? {}, join(dir, stateFile));
}

/**
 * The folder of set `dir`'s averaged generator weights (`deeper gan sample --ema` loads them
 * with loadWeightsInto), checked against gan-state.json's record; an error naming the set
 * when it keeps no average.
 */
export function generatorEmaDir(dir: string, who = 'generatorEmaDir'): string {
  if (ganCheckpointEma(dir) === null) {
    throw new DeeperError(`${who} expects checkpoint ${dir} to keep an average of the generator's weights (${emaDir}/), but it keeps none; ` +
      'train with one (deeper gan train --ema-decay 0.999; a resumed run keeps one from then on) or leave out --ema');
  }
  verifyEmaFiles(dir);
  return join(dir, emaDir);
}

/** Loads set `dir`'s averaged generator into `ema.average` and its update count; false (and nothing loaded) when the set keeps none. */
export async function loadGeneratorEma(dir: string, ema: GeneratorEma): Promise<boolean> {
  const kept = ganCheckpointEma(dir);
  if (kept === null) return false;
  verifyEmaFiles(dir);
  await loadWeightsInto(ema.average, join(dir, emaDir), { match: 'order' });
  ema.updates = kept.updates;
  return true;
}

/** The generator's weights folder inside checkpoint set `dir` (for sampling without the optimizer). */
export function generatorWeightsDir(dir: string): string {
  return join(dir, 'generator');
}
