/**
 * Trains a segmentation network (FCN-8s) as a cold Observable, with `fit`'s events, so that
 * core's subscribers (progressBar, metricsJsonl, lossPlot) and checkpoints work unchanged:
 *
 *   per minibatch:  x, mask ← images and index masks at order[b·B … (b+1)·B)
 *                   L(θ)    = mean per-pixel cross-entropy(mask, FCN(x; θ))
 *                   θ       ← optimizer.step(L)
 *   per epoch:      'epoch' (mean loss, pixel accuracy), then on the test data 'validation'
 *                   (loss, pixel accuracy) and 'segmentation-eval' (IoU per class, mean IoU),
 *                   then a checkpoint (core's atomic train checkpoint; `resume` continues).
 *
 * Batch events' `accuracy` is the minibatch's pixel accuracy. Nothing runs until subscribe;
 * unsubscribe stops between minibatches.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, createOptimizer, DeeperError, latestCheckpoint, loadTrainCheckpoint, resolveConfig, saveTrainCheckpoint, TrainRng, type LoopState, type TrainEvent } from '@deeper/core';
import { join } from 'node:path';
import { Observable } from 'rxjs';
import type { SegmentationData } from '../datasets/segmentation-data';
import { evaluateSegmentation } from './evaluate-segmentation';
import { pixelCrossEntropy } from './pixel-cross-entropy';
import { checkSegmentationData, segmentationBatch } from './segmentation-batches';

export interface TrainSegmentationConfig {
  /** Passes over the training images; default 10. */
  epochs: number;
  /** Images per step; default 16 (our choice; the paper uses 20-image minibatches of whole images). */
  batchSize: number;
  /** Adam's learning rate; default 1e-3 (Kingma & Ba 2015; the paper's SGD at 1e-10 on unnormalised sums does not carry over to a mean loss from scratch). */
  learningRate: number;
  /** Seed of the minibatch order; default 0 (the model is seeded where it is built). */
  seed: number;
  /** Run folder whose checkpoints/ receives a checkpoint after every `checkpointEvery` epochs and the last; default null (none). */
  runDir: string | null;
  /** Epochs between checkpoints; default 1. */
  checkpointEvery: number;
  /** Run folder (or checkpoint) to continue from; default null. */
  resume: string | null;
  /** Images per forward pass when evaluating; default 50. */
  evalBatchSize: number;
}

export const trainSegmentationDefaults: TrainSegmentationConfig = {
  epochs: 10, batchSize: 16, learningRate: 1e-3, seed: 0, runDir: null, checkpointEvery: 1, resume: null, evalBatchSize: 50,
};

/** Metrics on the test data after an epoch. */
export interface SegmentationEvalEvent {
  type: 'segmentation-eval';
  epoch: number;
  step: number;
  loss: number;
  meanIou: number;
  meanIouWithBackground: number;
  pixelAccuracy: number;
  iouPerClass: (number | null)[];
}

export type SegmentationEvent = TrainEvent | SegmentationEvalEvent;

const who = 'trainSegmentation';

export function resolveTrainSegmentationConfig(partial: Partial<TrainSegmentationConfig> = {}): TrainSegmentationConfig {
  const c = resolveConfig(who, trainSegmentationDefaults, partial);
  checkInteger(who, 'epochs', c.epochs);
  checkInteger(who, 'batchSize', c.batchSize);
  checkNumber(who, 'learningRate', c.learningRate, 0, Infinity, true);
  checkInteger(who, 'seed', c.seed, 0);
  checkInteger(who, 'checkpointEvery', c.checkpointEvery, 0);
  checkInteger(who, 'evalBatchSize', c.evalBatchSize);
  for (const field of ['runDir', 'resume'] as const) {
    const value = c[field];
    if (value !== null && (typeof value !== 'string' || value === '')) throw new ConfigError(who, field, 'null or a non-empty path', value);
  }
  if (c.resume !== null && c.runDir === null) throw new ConfigError(who, 'runDir', 'a run folder when resume is set', c.runDir, 'Pass runDir: the same folder as resume, usually');
  return c;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains `model` on `data.train`, evaluating on `data.test` after every epoch when given. */
export function trainSegmentation(model: tf.LayersModel, data: { train: SegmentationData; test?: SegmentationData }, config: Partial<TrainSegmentationConfig> = {}): Observable<SegmentationEvent> {
  const c = resolveTrainSegmentationConfig(config);
  checkSegmentationData(`${who} (training data)`, model, data.train);
  if (data.test) checkSegmentationData(`${who} (test data)`, model, data.test);
  return new Observable<SegmentationEvent>((subscriber) => {
    const run = { stopped: false };
    loop(model, data, c, run, (e) => subscriber.next(e)).then(() => subscriber.complete(), (error: unknown) => subscriber.error(error));
    return () => {
      run.stopped = true;
    };
  });
}

async function loop(model: tf.LayersModel, data: { train: SegmentationData; test?: SegmentationData }, c: TrainSegmentationConfig, run: { stopped: boolean }, emit: (e: SegmentationEvent) => void): Promise<void> {
  const started = performance.now();
  const { train, test } = data;
  const optimizer = createOptimizer({ name: 'adam', learningRate: c.learningRate });
  try {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const rng = new TrainRng(c.seed);
    const batchesPerEpoch = Math.ceil(train.count / c.batchSize);
    const runRecord: LoopState['run'] = {
      seed: c.seed, batchSize: c.batchSize, trainCount: train.count, optimizer: 'adam', weightShapes: model.weights.map((w) => w.shape.map((d) => d ?? -1)),
    };
    let epoch = 0;
    let step = 0;
    let best: number | null = null;
    if (c.resume !== null) {
      const dir = latestCheckpoint(c.resume);
      const state = await loadTrainCheckpoint(dir, model, optimizer, runRecord);
      // Checkpoints are written at epoch ends only, so `state.batch` is always 0 here.
      ({ epoch, step } = state);
      rng.state = state.rngState;
      best = state.bestValidationAccuracy;
      emit({ type: 'resume', epoch, step, path: dir });
    }
    const checkpoint = async (atEpoch: number) => {
      if (c.runDir === null) return;
      const state: LoopState = { epoch: atEpoch, batch: 0, step, rngState: rng.state, bestValidationAccuracy: best, run: runRecord, layerRandomStates: {} };
      const path = await saveTrainCheckpoint(join(c.runDir, 'checkpoints'), model, optimizer, state);
      emit({ type: 'checkpoint', epoch: atEpoch, step, path });
    };
    const pixels = train.height * train.width;
    let last = { loss: NaN, accuracy: NaN, validation: NaN };
    for (; epoch < c.epochs; epoch++) {
      const order = rng.permutation(train.count);
      const epochStarted = performance.now();
      let lossSum = 0;
      let correctSum = 0;
      let seen = 0;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (run.stopped) return;
        const t0 = performance.now();
        const learningRate = optimizer.learningRate;
        const { x, mask } = segmentationBatch(train, order.subarray(batch * c.batchSize, Math.min(train.count, (batch + 1) * c.batchSize)));
        const size = x.shape[0];
        let correctTensor: tf.Scalar | undefined;
        let lossTensor: tf.Scalar | undefined;
        let loss: number;
        let correct: number;
        try {
          lossTensor = optimizer.step(() => {
            const logits = model.apply(x, { training: true }) as tf.Tensor;
            correctTensor = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), mask), 'float32')) as tf.Scalar);
            return pixelCrossEntropy(mask, logits);
          }, variables);
          loss = lossTensor.dataSync()[0];
          correct = correctTensor!.dataSync()[0];
        } finally {
          tf.dispose([x, mask]);
          lossTensor?.dispose();
          correctTensor?.dispose();
        }
        step++;
        if (!Number.isFinite(loss)) throw new DeeperError(`${who} expects a finite training loss, but received ${loss} at step ${step} (epoch ${epoch}). Lower the learning rate or check the data`);
        lossSum += loss * size;
        correctSum += correct;
        seen += size;
        const seconds = (performance.now() - t0) / 1000;
        emit({ type: 'batch', epoch, step, batch, batchesPerEpoch, size, loss, accuracy: correct / (size * pixels), samplesPerSecond: size / Math.max(seconds, 1e-9), learningRate });
        await nextTick();
      }
      const epochSeconds = (performance.now() - epochStarted) / 1000;
      last = { ...last, loss: lossSum / seen, accuracy: correctSum / (seen * pixels) };
      emit({ type: 'epoch', epoch, step, loss: last.loss, accuracy: last.accuracy, seconds: epochSeconds, samplesPerSecond: seen / Math.max(epochSeconds, 1e-9) });
      if (test) {
        const e = evaluateSegmentation(model, test, c.evalBatchSize);
        const isBest = best === null || e.pixelAccuracy > best;
        if (isBest) best = e.pixelAccuracy;
        last.validation = e.pixelAccuracy;
        emit({ type: 'validation', epoch, step, loss: e.loss, accuracy: e.pixelAccuracy, bestAccuracy: best!, isBest });
        emit({ type: 'segmentation-eval', epoch, step, loss: e.loss, meanIou: e.meanIou, meanIouWithBackground: e.meanIouWithBackground, pixelAccuracy: e.pixelAccuracy, iouPerClass: e.iouPerClass });
      }
      if (run.stopped) return;
      if (epoch + 1 === c.epochs || (c.checkpointEvery > 0 && (epoch + 1) % c.checkpointEvery === 0)) await checkpoint(epoch + 1);
    }
    emit({ type: 'done', epoch, step, loss: last.loss, accuracy: last.accuracy, validationAccuracy: last.validation, bestValidationAccuracy: best ?? NaN, seconds: (performance.now() - started) / 1000 });
  } finally {
    optimizer.dispose();
  }
}
