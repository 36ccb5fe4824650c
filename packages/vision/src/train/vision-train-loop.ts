/**
 * The training loop every task of @deeper/vision shares, as a cold Observable with `fit`'s
 * events (so core's progressBar, metricsJsonl and lossPlot subscribe unchanged) plus the
 * task's own evaluation event. Per epoch:
 *
 *   order ← seeded permutation of the training set (core's TrainRng, state in checkpoints)
 *   per minibatch:  L(θ) = task.loss(order[b·B … (b+1)·B)) ;  θ ← Adam step on L
 *   'epoch', then, with test data, 'validation' and the task's event, then a checkpoint
 *   (core's atomic train checkpoint; `resume` continues from the last one); with `keepBest`,
 *   an evaluation better than every earlier one also writes its checkpoint into
 *   runDir/best/checkpoints/ (the previous best's removed), as Keras's ModelCheckpoint
 *   with save_best_only does, so a run can be scored where its validation score peaked.
 *
 * A task says how to make a minibatch's loss and its accuracy-like score (pixel accuracy,
 * foreground-anchor accuracy, …) and how to evaluate; the loop owns the optimizer, the
 * order, the events, checkpoints and unsubscription (between minibatches).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, ConfigError, createOptimizer, DeeperError, latestCheckpoint, loadTrainCheckpoint, resolveConfig, saveTrainCheckpoint, TrainRng, type LoopState, type TrainEvent } from '@deeper/core';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Observable } from 'rxjs';

/** Where `keepBest` keeps the best evaluation's checkpoint: `latestCheckpoint(join(runDir, 'best'))` finds it. */
export function bestCheckpointsDir(runDir: string): string {
  return join(runDir, 'best', 'checkpoints');
}

export interface VisionTrainConfig {
  /** Passes over the training images; default 10. */
  epochs: number;
  /** Images per step; default 16. */
  batchSize: number;
  /** Adam's learning rate; default 1e-3 (Kingma & Ba 2015). */
  learningRate: number;
  /** 'constant' (default: the rate throughout) or 'cosine' (from the rate to 0 over the run's epochs, SGDR without restarts, Loshchilov & Hutter 2017; with a resume to more epochs the curve stretches from that step on). */
  lrSchedule: 'constant' | 'cosine';
  /** Seed of the minibatch order; default 0 (the model is seeded where it is built). */
  seed: number;
  /** Run folder whose checkpoints/ receives a checkpoint every `checkpointEvery` epochs and after the last; default null (none). */
  runDir: string | null;
  /** Epochs between checkpoints; default 1. */
  checkpointEvery: number;
  /** Run folder (or checkpoint) to continue from; default null. */
  resume: string | null;
  /** Images per forward pass when evaluating; default 50. */
  evalBatchSize: number;
  /** Largest global L2 norm of the gradients before each Adam step (torch.nn.utils.clip_grad_norm_; Pascanu et al. 2013 for recurrent networks); null: no clipping (default). */
  clipNorm: number | null;
  /** Keep the checkpoint of the best evaluation so far in runDir/best/checkpoints/ (needs runDir and evaluation data); default false. */
  keepBest: boolean;
}

export const visionTrainDefaults: VisionTrainConfig = {
  epochs: 10, batchSize: 16, learningRate: 1e-3, lrSchedule: 'constant', seed: 0, runDir: null, checkpointEvery: 1, resume: null, evalBatchSize: 50, clipNorm: null, keepBest: false,
};

export function resolveVisionTrainConfig(who: string, defaults: VisionTrainConfig, partial: Partial<VisionTrainConfig> = {}): VisionTrainConfig {
  const c = resolveConfig(who, defaults, partial);
  checkInteger(who, 'epochs', c.epochs);
  checkInteger(who, 'batchSize', c.batchSize);
  checkNumber(who, 'learningRate', c.learningRate, 0, Infinity, true);
  checkOneOf(who, 'lrSchedule', c.lrSchedule, ['constant', 'cosine'] as const);
  checkInteger(who, 'seed', c.seed, 0);
  checkInteger(who, 'checkpointEvery', c.checkpointEvery, 0);
  checkInteger(who, 'evalBatchSize', c.evalBatchSize);
  for (const field of ['runDir', 'resume'] as const) {
    const value = c[field];
    if (value !== null && (typeof value !== 'string' || value === '')) throw new ConfigError(who, field, 'null or a non-empty path', value);
  }
  if (c.clipNorm !== null) checkNumber(who, 'clipNorm', c.clipNorm, 0, Infinity, true);
  if (typeof c.keepBest !== 'boolean') throw new ConfigError(who, 'keepBest', 'true or false', c.keepBest);
  if (c.keepBest && c.runDir === null) throw new ConfigError(who, 'runDir', 'a run folder when keepBest is set', c.runDir, 'Pass runDir, whose best/ receives the best checkpoint');
  if (c.resume !== null && c.runDir === null) throw new ConfigError(who, 'runDir', 'a run folder when resume is set', c.runDir, 'Pass runDir: the same folder as resume, usually');
  return c;
}

/** One minibatch of a task: its loss (run inside the optimizer step) and, after that, its score. */
export interface TaskBatch {
  /** Images in the minibatch. */
  size: number;
  /** The mean loss; runs under the gradient tape. */
  loss(): tf.Scalar;
  /** The minibatch's accuracy-like score in [0, 1], read after `loss` ran. */
  score(): number;
  /** Frees the minibatch's tensors. */
  dispose(): void;
}

/** What the loop needs from a task. */
export interface VisionTask<E extends { type: string }> {
  who: string;
  trainCount: number;
  /** The minibatch of training samples `indices`, for the update that will be step `step` (1 for the first; a task's own randomness can be seeded from it and so survive a resume). */
  batch(indices: Int32Array, step: number): TaskBatch;
  /** Evaluation on the test data after an epoch: validation loss and score, and the task's own event; null without test data. */
  evaluate: ((epoch: number, step: number) => { loss: number; score: number; event: E }) | null;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a run needs besides its recorded config: the graceful stop, which is no part of config.json. */
export interface VisionTrainRuntime {
  /** Once aborted, training stops before the next minibatch, after a checkpoint of the steps since the last one (when `runDir` is set). */
  stop?: AbortSignal;
}

/** Runs `task` on `model`; see the file comment. */
export function visionTrainLoop<E extends { type: string }>(model: tf.LayersModel, task: VisionTask<E>, c: VisionTrainConfig, runtime: VisionTrainRuntime = {}): Observable<TrainEvent | E> {
  return new Observable<TrainEvent | E>((subscriber) => {
    const run = { stopped: false };
    loop(model, task, c, run, runtime, (e) => subscriber.next(e)).then(() => subscriber.complete(), (error: unknown) => subscriber.error(error));
    return () => {
      run.stopped = true;
    };
  });
}

async function loop<E extends { type: string }>(
  model: tf.LayersModel, task: VisionTask<E>, c: VisionTrainConfig, run: { stopped: boolean }, runtime: VisionTrainRuntime, emit: (e: TrainEvent | E) => void,
): Promise<void> {
  const started = performance.now();
  const batchesPerEpoch = Math.ceil(task.trainCount / c.batchSize);
  const schedule = c.lrSchedule === 'cosine' ? { name: 'cosine' as const, totalSteps: c.epochs * batchesPerEpoch } : { name: 'constant' as const };
  const optimizer = createOptimizer({ name: 'adam', learningRate: c.learningRate, schedule, clipNorm: c.clipNorm });
  try {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const rng = new TrainRng(c.seed);
    const runRecord: LoopState['run'] = {
      seed: c.seed, batchSize: c.batchSize, trainCount: task.trainCount, optimizer: 'adam', weightShapes: model.weights.map((w) => w.shape.map((d) => d ?? -1)),
    };
    let epoch = 0;
    let step = 0;
    // The minibatch to start the first epoch at: not 0 after a resume from a stop mid-epoch.
    let firstBatch = 0;
    let best: number | null = null;
    let checkpointedStep = 0;
    if (c.resume !== null) {
      const dir = latestCheckpoint(c.resume);
      const state = await loadTrainCheckpoint(dir, model, optimizer, runRecord);
      // An epoch-end checkpoint has batch 0 and the next epoch's RNG state; a stop mid-epoch
      // records its minibatch and the RNG state its epoch started from, to redraw its order.
      ({ epoch, step, batch: firstBatch } = state);
      rng.state = state.rngState;
      best = state.bestValidationAccuracy;
      checkpointedStep = step;
      emit({ type: 'resume', epoch, step, path: dir });
    }
    const stateAt = (atEpoch: number, atBatch = 0, rngState = rng.state): LoopState => ({ epoch: atEpoch, batch: atBatch, step, rngState, bestValidationAccuracy: best, run: runRecord, layerRandomStates: {} });
    const checkpoint = async (atEpoch: number, atBatch = 0, rngState = rng.state) => {
      if (c.runDir === null) return;
      const path = await saveTrainCheckpoint(join(c.runDir, 'checkpoints'), model, optimizer, stateAt(atEpoch, atBatch, rngState));
      checkpointedStep = step;
      emit({ type: 'checkpoint', epoch: atEpoch, step, path });
    };
    const keepBestCheckpoint = async (atEpoch: number) => {
      const dir = bestCheckpointsDir(c.runDir!);
      const path = await saveTrainCheckpoint(dir, model, optimizer, stateAt(atEpoch));
      for (const name of readdirSync(dir)) if (/^step-\d+$/.test(name) && join(dir, name) !== path) rmSync(join(dir, name), { recursive: true, force: true });
    };
    const last = { loss: NaN, score: NaN, validation: NaN };
    for (; epoch < c.epochs; epoch++) {
      const epochRngState = rng.state;
      const order = rng.permutation(task.trainCount);
      const epochStarted = performance.now();
      let lossSum = 0;
      let scoreSum = 0;
      let seen = 0;
      const startBatch = firstBatch;
      firstBatch = 0;
      for (let b = startBatch; b < batchesPerEpoch; b++) {
        if (run.stopped) return;
        if (runtime.stop?.aborted) {
          // Awaited inside the try, so that the finally cannot dispose the optimizer mid-save.
          if (step > checkpointedStep) await checkpoint(epoch, b, epochRngState);
          return;
        }
        const t0 = performance.now();
        const learningRate = optimizer.learningRate;
        const batch = task.batch(order.subarray(b * c.batchSize, Math.min(task.trainCount, (b + 1) * c.batchSize)), step + 1);
        let lossTensor: tf.Scalar | undefined;
        let loss: number;
        let score: number;
        try {
          lossTensor = optimizer.step(() => batch.loss(), variables);
          loss = lossTensor.dataSync()[0];
          score = batch.score();
        } finally {
          batch.dispose();
          lossTensor?.dispose();
        }
        step++;
        if (!Number.isFinite(loss)) throw new DeeperError(`${task.who} expects a finite training loss, but received ${loss} at step ${step} (epoch ${epoch}). Lower the learning rate or check the data`);
        lossSum += loss * batch.size;
        scoreSum += score * batch.size;
        seen += batch.size;
        const seconds = (performance.now() - t0) / 1000;
        emit({ type: 'batch', epoch, step, batch: b, batchesPerEpoch, size: batch.size, loss, accuracy: score, samplesPerSecond: batch.size / Math.max(seconds, 1e-9), learningRate });
        await nextTick();
      }
      const epochSeconds = (performance.now() - epochStarted) / 1000;
      last.loss = seen > 0 ? lossSum / seen : NaN;
      last.score = seen > 0 ? scoreSum / seen : NaN;
      emit({ type: 'epoch', epoch, step, loss: last.loss, accuracy: last.score, seconds: epochSeconds, samplesPerSecond: seen / Math.max(epochSeconds, 1e-9) });
      if (task.evaluate) {
        const e = task.evaluate(epoch, step);
        const isBest = best === null || e.score > best;
        if (isBest) best = e.score;
        last.validation = e.score;
        emit({ type: 'validation', epoch, step, loss: e.loss, accuracy: e.score, bestAccuracy: best!, isBest });
        emit(e.event);
        if (isBest && c.keepBest && c.runDir !== null) await keepBestCheckpoint(epoch + 1);
      }
      if (run.stopped) return;
      if (epoch + 1 === c.epochs || (c.checkpointEvery > 0 && (epoch + 1) % c.checkpointEvery === 0)) await checkpoint(epoch + 1);
    }
    emit({ type: 'done', epoch, step, loss: last.loss, accuracy: last.score, validationAccuracy: last.validation, bestValidationAccuracy: best ?? NaN, seconds: (performance.now() - started) / 1000 });
  } finally {
    optimizer.dispose();
  }
}
