/**
 * A DQN checkpoint: everything `trainDqn` needs to continue a run. One directory
 * `checkpoints/frame-<frames>/` holding
 * - `learner/step-<updates>/`: the online network and the optimizer's state, written by
 *   core's `saveTrainCheckpoint` (its `state.json` checks weight shapes, seed, batch size
 *   and optimizer on resume),
 * - `target/`: the target network (`saveModel`),
 * - `dqn-state.json`: counters (frames, updates, episodes), the last 100 returns, the
 *   generators' states (ε draws, replay sampling, evaluation ε draws), env id and network
 *   kind, and the resolved config,
 * - `replay.bin` when the run saves its replay buffer.
 * The whole directory is written under a temporary name and moved into place (core's
 * `moveFolderIntoPlace`), so the set is atomic: a crash leaves a whole checkpoint or none,
 * and the folders a killed writer left are removed by the next save. Older ones beyond `keep` are removed.
 */
import type * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  CheckpointError, latestCheckpoint, loadTrainCheckpoint, loadWeightsInto, moveFolderIntoPlace, removeAbandonedWorkFolders, saveModel, saveTrainCheckpoint, writeFileAtomic,
  type LoopState, type TrainingOptimizer,
} from '@deeper/core';
import type { ReplayBuffer } from './replay-buffer';

/** The agent's own part of a checkpoint (`dqn-state.json`). */
export interface DqnState {
  /** Env id the run trains on. */
  env: string;
  /** Network kind ('mlp', 'minatar', 'nature') and whether its head is dueling. */
  network: string;
  dueling: boolean;
  /** Frames (env steps) taken. */
  frame: number;
  /** Updates taken. */
  update: number;
  /** Training episodes finished (the next one to start has this index). */
  episode: number;
  /** Returns of the last (up to) 100 training episodes, oldest first. */
  recentReturns: number[];
  /** State of the ε-greedy generator. */
  actorRng: number;
  /** State of the evaluation policy's ε-greedy generator (absent in checkpoints before it was saved). */
  evalRng?: number;
  /** The run's resolved config (run folder paths left out), for the record; config.json is what a resume reads. */
  config?: Record<string, unknown>;
  /** Evaluation rounds run so far (each round's seed derives from it). */
  evalRounds: number;
  /** Whether `replay.bin` is part of this checkpoint. */
  hasReplay: boolean;
  /** Best evaluation mean return so far (null before the first evaluation). */
  bestEvalReturn: number | null;
  /** The replay sampler's state (also inside replay.bin when saved). */
  replayRng: number;
}

const stateFile = 'dqn-state.json';
const replayFile = 'replay.bin';
const format = 'deeper-dqn-state';

/** What a checkpoint saves and restores. */
export interface DqnCheckpointParts {
  qNetwork: tf.LayersModel;
  targetNetwork: tf.LayersModel;
  optimizer: TrainingOptimizer;
  /** The buffer to save (when asked) or to fill on load. */
  replay: ReplayBuffer;
  /** What core's learner checkpoint records and checks: seed, batch size, replay capacity (as trainCount), optimizer, weight shapes. */
  run: LoopState['run'];
}

/** The folders saves work in (`.frame-<n>.<pid>.tmp`, and `.old` for a set being replaced), the writer's pid first. */
const workFolder = /^\.frame-\d+\.(\d+)\.(tmp|old)$/;

const frameDir = (frame: number) => `frame-${String(frame).padStart(10, '0')}`;

/** Writes a checkpoint for `state.frame` into `checkpointsDir` and returns its path. */
export async function saveDqnCheckpoint(checkpointsDir: string, parts: DqnCheckpointParts, state: Omit<DqnState, 'hasReplay'>, saveReplay: boolean, keep = 2): Promise<string> {
  mkdirSync(checkpointsDir, { recursive: true });
  const name = frameDir(state.frame);
  const finalDir = join(checkpointsDir, name);
  const tempDir = join(checkpointsDir, `.${name}.${process.pid}.tmp`);
  removeAbandonedWorkFolders(checkpointsDir, workFolder);
  rmSync(tempDir, { recursive: true, force: true });
  try {
    mkdirSync(tempDir, { recursive: true });
    await saveTrainCheckpoint(join(tempDir, 'learner'), parts.qNetwork, parts.optimizer, {
      epoch: 0, batch: 0, step: state.update, rngState: state.actorRng, layerRandomStates: {}, bestValidationAccuracy: null, run: parts.run,
    });
    await saveModel(parts.targetNetwork, join(tempDir, 'target'));
    if (saveReplay) parts.replay.save(join(tempDir, replayFile));
    writeFileAtomic(join(tempDir, stateFile), JSON.stringify({ format, version: 1, ...state, hasReplay: saveReplay }, null, 1));
    moveFolderIntoPlace(tempDir, finalDir);
  } catch (error) {
    rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
  const all = completeCheckpoints(checkpointsDir);
  for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(join(checkpointsDir, old), { recursive: true, force: true });
  return finalDir;
}

function completeCheckpoints(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((n) => /^frame-\d+$/.test(n) && existsSync(join(dir, n, stateFile))).sort() : [];
}

/** `path` itself if it is a DQN checkpoint, else the newest complete one under `path/checkpoints/`. */
export function latestDqnCheckpoint(path: string): string {
  if (!existsSync(path)) throw new CheckpointError(path, 'the directory does not exist. Pass a run folder that trainDqn wrote, or one of its checkpoints');
  if (existsSync(join(path, stateFile))) return path;
  // A run folder, its checkpoints/ or best/ folder, or any folder of frame-<n> checkpoints.
  const dir = basename(path) !== 'checkpoints' && existsSync(join(path, 'checkpoints')) ? join(path, 'checkpoints') : path;
  const found = completeCheckpoints(dir);
  if (found.length === 0) throw new CheckpointError(dir, 'it holds no complete DQN checkpoint (a frame-<n> folder with dqn-state.json). Resume from a run folder that wrote one, or start a fresh run');
  return join(dir, found[found.length - 1]);
}

/** Reads and checks `dqn-state.json` of checkpoint `dir`. */
export function readDqnState(dir: string): DqnState {
  const path = join(dir, stateFile);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CheckpointError(path, `it cannot be read as JSON (${(error as Error).message})`);
  }
  if (json.format !== format || json.version !== 1) throw new CheckpointError(path, `its format is ${JSON.stringify(json.format)}, and trainDqn reads ${format} version 1`);
  for (const field of ['frame', 'update', 'episode', 'actorRng', 'evalRounds', 'replayRng'] as const) {
    const v = json[field];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new CheckpointError(path, `its field "${field}" is ${JSON.stringify(v)}, not an integer ≥ 0; the file is corrupt`);
  }
  if (json.evalRng !== undefined && (typeof json.evalRng !== 'number' || !Number.isInteger(json.evalRng) || json.evalRng < 0)) {
    throw new CheckpointError(path, `its field "evalRng" is ${JSON.stringify(json.evalRng)}, not an integer ≥ 0; the file is corrupt`);
  }
  if (!Array.isArray(json.recentReturns)) throw new CheckpointError(path, 'its "recentReturns" array is missing; the file is corrupt');
  if (json.bestEvalReturn === undefined) json.bestEvalReturn = null;
  return json as unknown as DqnState;
}

/**
 * Checks that checkpoint `dir` belongs to this run (env, network kind; then core checks
 * weight shapes, seed, batch size, replay capacity and optimizer), loads both networks, the
 * optimizer and, when saved, the replay buffer, and returns the agent's state.
 */
export async function loadDqnCheckpoint(dir: string, parts: DqnCheckpointParts, expected: { env: string; network: string; dueling: boolean }): Promise<DqnState> {
  const state = readDqnState(dir);
  const path = join(dir, stateFile);
  if (state.env !== expected.env) throw new CheckpointError(path, `it was saved by a run on env ${JSON.stringify(state.env)}, and this run trains on ${JSON.stringify(expected.env)}. Resume with the same env`);
  if (state.network !== expected.network || state.dueling !== expected.dueling) {
    throw new CheckpointError(path, `it holds a ${state.dueling ? 'dueling ' : ''}${state.network} network, and this run builds a ${expected.dueling ? 'dueling ' : ''}${expected.network} one. Resume with the same network`);
  }
  await loadTrainCheckpoint(learnerDir(dir), parts.qNetwork, parts.optimizer, parts.run);
  await loadWeightsInto(parts.targetNetwork, join(dir, 'target'), { match: 'order' });
  if (state.hasReplay) parts.replay.load(join(dir, replayFile));
  return state;
}

/** The `learner/step-<n>/` folder of checkpoint `dir` (saveTrainCheckpoint names it by update count). */
function learnerDir(dir: string): string {
  const learner = join(dir, 'learner');
  const step = existsSync(learner) ? readdirSync(learner).find((n) => /^step-\d+$/.test(n)) : undefined;
  if (step === undefined) throw new CheckpointError(learner, 'it holds no step-<n> folder with the online network and optimizer; the checkpoint is incomplete');
  return latestCheckpoint(join(learner, step));
}

/** Loads only the online network's weights from checkpoint `dir` (for evaluation and play). */
export async function loadQNetworkWeights(dir: string, qNetwork: tf.LayersModel): Promise<void> {
  await loadWeightsInto(qNetwork, learnerDir(dir), { match: 'order' });
}
