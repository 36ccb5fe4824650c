/**
 * A training checkpoint: everything `fit` needs to continue a run exactly where it stopped.
 * One directory `checkpoints/step-<step>/` holding
 * - `model.json` + `weights.bin`: the model (saveModel),
 * - `optimizer.json` + `optimizer.bin`: the optimizer's step counter and slots, keyed by
 *   the variable's position in `model.weights` (tfjs's variable names change every time a
 *   model is rebuilt, positions do not),
 * - `state.json`: the loop's position, RNG states, best metric and what the run was
 *   (seed, batch size, data size, weight shapes), checked on resume, and the size and
 *   SHA-256 of each of the four other files, so that a damaged file is refused by name
 *   even when its length is intact (a length check alone passes flipped bytes).
 * The directory is written under a temporary name and renamed into place, so a crash
 * leaves either a whole checkpoint or none; temporary directories that a killed process
 * left behind are removed by the next save.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CheckpointError } from '../errors';
import { writeFileAtomic } from '../io/atomic-write';
import { removeAbandonedWorkFolders } from '../io/abandoned-work-folders';
import { moveFolderIntoPlace } from '../io/move-folder-into-place';
import { fileRecord, verifyFileRecords, type FileRecord } from '../io/file-record';
import { checkDirectory, manifestSpecs, readJsonFile, readWeightFiles } from '../io/checkpoint-files';
import { loadWeightsInto, saveModel } from '../io/save-model';
import type { TrainingOptimizer } from '../optim/create-optimizer';

/** The loop's part of a checkpoint (`state.json`). */
export interface LoopState {
  /** Epoch to continue in, from 0 (equals `epochs` when training had finished). */
  epoch: number;
  /** Index of the next minibatch within `epoch`. */
  batch: number;
  /** Optimizer steps taken. */
  step: number;
  /** State of the loop's TrainRng at the start of `epoch`, before that epoch's shuffle. */
  rngState: number;
  /** Random states of the model's RandomStateful layers, by layer index. */
  layerRandomStates: Record<string, number[]>;
  /** Best validation accuracy so far, or null. */
  bestValidationAccuracy: number | null;
  /** What the run must match to resume from this checkpoint. */
  run: { seed: number; batchSize: number; trainCount: number; optimizer: string; weightShapes: number[][] };
  /** Size and SHA-256 (hex) of the checkpoint's other files, by name; absent in checkpoints written before they were recorded. */
  files?: Record<string, FileRecord>;
}

/** The files besides state.json that a checkpoint holds, each checked against its record on load. */
const recordedFiles = ['model.json', 'weights.bin', 'optimizer.json', 'optimizer.bin'] as const;

/**
 * Checks each recorded file of checkpoint `dir` against state.json's record of it: there,
 * of the recorded size, with the recorded SHA-256. Throws a CheckpointError naming the file.
 */
export function verifyCheckpointFiles(dir: string, files: Record<string, FileRecord>): void {
  verifyFileRecords(dir, files, join(dir, stateFile));
}

/** The folders saves work in (`.step-<n>.<pid>.tmp`, and `.old` for a set being replaced), the writer's pid first. */
const workFolder = /^\.step-\d+\.(\d+)\.(tmp|old)$/;

const stateFile = 'state.json';
const optimizerJson = 'optimizer.json';
const optimizerBin = 'optimizer.bin';

/** The trainable variables `fit` optimizes, in model order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

async function saveOptimizerState(optimizer: TrainingOptimizer, variables: tf.Variable[], dir: string): Promise<void> {
  const position = new Map(variables.map((v, i) => [v.name, i]));
  const state = await optimizer.getState();
  try {
    const named = state.map(({ name, tensor }) => {
      if (name === 'iter') return { name, tensor };
      const cut = name.lastIndexOf('/');
      const index = position.get(name.slice(0, cut));
      if (index === undefined) throw new CheckpointError(dir, `the optimizer holds state for variable ${JSON.stringify(name.slice(0, cut))}, which is not a trainable weight of the model being trained`);
      return { name: `${index}${name.slice(cut)}`, tensor };
    });
    const { data, specs } = await tf.io.encodeWeights(named);
    writeFileAtomic(join(dir, optimizerBin), new Uint8Array(data));
    writeFileAtomic(join(dir, optimizerJson), JSON.stringify({
      format: 'deeper-fit-optimizer',
      className: optimizer.optimizer.getClassName(),
      weightsManifest: [{ paths: [optimizerBin], weights: specs }],
    }));
  } finally {
    tf.dispose(state.map((s) => s.tensor));
  }
}

async function loadOptimizerState(optimizer: TrainingOptimizer, variables: tf.Variable[], dir: string): Promise<void> {
  const jsonPath = join(dir, optimizerJson);
  const json = readJsonFile(jsonPath);
  const className = optimizer.optimizer.getClassName();
  if (json.className !== className) {
    throw new CheckpointError(jsonPath, `it holds the state of a ${String(json.className)} optimizer, but this run trains with ${className}. Resume with the same optimizer`);
  }
  const { paths, specs } = manifestSpecs(jsonPath, json.weightsManifest);
  const decoded = tf.io.decodeWeights(readWeightFiles(dir, jsonPath, paths, specs), specs);
  try {
    const named = specs.map(({ name }) => {
      if (name === 'iter') return { name, tensor: decoded[name] };
      const cut = name.lastIndexOf('/');
      const index = Number(name.slice(0, cut));
      const variable = variables[index];
      if (!Number.isInteger(index) || variable === undefined) {
        throw new CheckpointError(jsonPath, `its entry ${JSON.stringify(name)} refers to trainable weight ${name.slice(0, cut)}, and the model has ${variables.length}`);
      }
      return { name: `${variable.name}${name.slice(cut)}`, tensor: decoded[name] };
    });
    // SlotOptimizer wants the counter first.
    named.sort((a, b) => Number(b.name === 'iter') - Number(a.name === 'iter'));
    await optimizer.setState(named);
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/** The folder name of step `step`'s checkpoint, `step-<n>` zero-padded to 8 digits so names sort by step. */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(8, '0')}`;
}

/** Writes a checkpoint for `state.step` into `checkpointsDir` and returns its path. */
export async function saveTrainCheckpoint(checkpointsDir: string, model: tf.LayersModel, optimizer: TrainingOptimizer, state: LoopState): Promise<string> {
  const name = checkpointName(state.step);
  const finalDir = join(checkpointsDir, name);
  const tempDir = join(checkpointsDir, `.${name}.${process.pid}.tmp`);
  removeAbandonedWorkFolders(checkpointsDir, workFolder);
  rmSync(tempDir, { recursive: true, force: true });
  try {
    await saveModel(model, tempDir);
    await saveOptimizerState(optimizer, trainableVariables(model), tempDir);
    const files = Object.fromEntries(recordedFiles.map((file) => [file, fileRecord(join(tempDir, file))]));
    // state.json goes last: it records the others, so a checkpoint is complete exactly when it exists.
    writeFileAtomic(join(tempDir, stateFile), JSON.stringify({ format: 'deeper-fit-state', version: 1, ...state, files }, null, 1));
    // A resumed run may write the step it resumed from again; the newer copy wins.
    moveFolderIntoPlace(tempDir, finalDir);
  } catch (error) {
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  return finalDir;
}

/** The folder of `path`'s checkpoints: `path` itself when it is a `checkpoints` folder, else `path/checkpoints`. */
const checkpointsFolder = (path: string) => (basename(path) === 'checkpoints' ? path : join(path, 'checkpoints'));

/**
 * The complete checkpoints (`step-<n>` folders holding `state.json`) under `path/checkpoints/`
 * (or under `path` itself when it is a `checkpoints` folder), oldest step first; [] when there
 * are none.
 */
export function completeCheckpoints(path: string): string[] {
  checkDirectory(path);
  const dir = checkpointsFolder(path);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => /^step-\d+$/.test(n) && existsSync(join(dir, n, stateFile))).sort().map((n) => join(dir, n));
}

/**
 * The checkpoint directory to resume from: `path` itself if it holds a `state.json`,
 * else the highest-step complete checkpoint under `path/checkpoints/`.
 */
export function latestCheckpoint(path: string): string {
  checkDirectory(path);
  if (existsSync(join(path, stateFile))) return path;
  const found = completeCheckpoints(path);
  if (found.length === 0) {
    throw new CheckpointError(checkpointsFolder(path), 'it holds no complete checkpoint (a step-<n> folder with state.json). Resume from a run folder that wrote one, or start a fresh run');
  }
  return found[found.length - 1];
}

function isIntegerIn(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** Reads and checks `state.json` of checkpoint `dir`. */
export function readLoopState(dir: string): LoopState {
  const path = join(dir, stateFile);
  const json = readJsonFile(path);
  if (json.format !== 'deeper-fit-state' || json.version !== 1) {
    throw new CheckpointError(path, `its format is ${JSON.stringify(json.format)} version ${JSON.stringify(json.version)}, and fit reads "deeper-fit-state" version 1`);
  }
  for (const [field, min] of [['epoch', 0], ['batch', 0], ['step', 0], ['rngState', 0]] as const) {
    if (!isIntegerIn(json[field], min)) throw new CheckpointError(path, `its field "${field}" is ${JSON.stringify(json[field])}, not an integer ≥ ${min}; the file is corrupt`);
  }
  const run = json.run as LoopState['run'] | undefined;
  if (run == null || typeof run !== 'object' || !Array.isArray(run.weightShapes) || !isIntegerIn(run.batchSize, 1) || !isIntegerIn(run.trainCount, 1) || !isIntegerIn(run.seed, 0)) {
    throw new CheckpointError(path, 'its "run" record (seed, batchSize, trainCount, weightShapes) is missing or malformed; the file is corrupt');
  }
  const layerRandomStates = json.layerRandomStates;
  if (layerRandomStates == null || typeof layerRandomStates !== 'object') throw new CheckpointError(path, 'its "layerRandomStates" object is missing; the file is corrupt');
  const best = json.bestValidationAccuracy;
  if (best !== null && typeof best !== 'number') throw new CheckpointError(path, `its "bestValidationAccuracy" is ${JSON.stringify(best)}, not a number or null`);
  const files = json.files;
  if (files !== undefined) {
    const valid = files !== null && typeof files === 'object' && Object.values(files as object).every((r: FileRecord) =>
      r !== null && typeof r === 'object' && isIntegerIn(r.bytes, 0) && typeof r.sha256 === 'string' && /^[0-9a-f]{64}$/.test(r.sha256));
    if (!valid) throw new CheckpointError(path, 'its "files" record (size and SHA-256 of each file) is malformed; the file is corrupt');
  }
  return json as unknown as LoopState;
}

/** Weight shapes of `model`, in order: the fingerprint a checkpoint must match. */
export function weightShapes(model: tf.LayersModel): number[][] {
  return model.weights.map((w) => w.shape.map((d) => d ?? -1));
}

/**
 * Checks that checkpoint `dir` belongs to this run (same weight shapes, seed, batch size,
 * data size, optimizer), then loads the model's weights and the optimizer's state into
 * them and returns the loop state. Every refusal names the file and the mismatch.
 */
export async function loadTrainCheckpoint(
  dir: string,
  model: tf.LayersModel,
  optimizer: TrainingOptimizer,
  expected: LoopState['run'],
): Promise<LoopState> {
  const statePath = join(dir, stateFile);
  const state = readLoopState(dir);
  if (state.files) verifyCheckpointFiles(dir, state.files);
  const saved = state.run;
  const shapes = expected.weightShapes;
  const text = (s: number[] | undefined) => (s === undefined ? 'nothing' : `[${s.join(', ')}]`);
  if (saved.weightShapes.length !== shapes.length || saved.weightShapes.some((s, i) => text(s) !== text(shapes[i]))) {
    const i = saved.weightShapes.findIndex((s, k) => text(s) !== text(shapes[k]));
    const at = i < 0 ? shapes.length : i;
    throw new CheckpointError(statePath,
      `it was saved from a model with ${saved.weightShapes.length} weights and the model to resume has ${shapes.length}; ` +
      `weight ${at} (${model.weights[at]?.originalName ?? 'absent'}) has shape ${text(saved.weightShapes[at])} there and ${text(shapes[at])} here. Resume with the same architecture`);
  }
  for (const field of ['seed', 'batchSize', 'trainCount', 'optimizer'] as const) {
    if (saved[field] !== expected[field]) {
      throw new CheckpointError(statePath,
        `it was saved by a run with ${field} ${JSON.stringify(saved[field])}, and this run has ${field} ${JSON.stringify(expected[field])}. ` +
        'A resumed run replays the same minibatches only with the same seed, batch size, data and optimizer');
    }
  }
  await loadWeightsInto(model, dir, { match: 'order' });
  await loadOptimizerState(optimizer, trainableVariables(model), dir);
  return state;
}
