/**
 * `fit(model, data, config)`: deeper's training loop as a cold Observable of `TrainEvent`s.
 *
 * Nothing runs until subscribe; each subscription is a fresh run of the loop (on the
 * model's current weights, with a fresh optimizer unless `resume` restores one);
 * unsubscribing stops it between minibatches and frees every tensor it made; aborting
 * `config.stop` stops it there too, after a checkpoint when one is due, and completes. A
 * checkpoint that cannot be written (a full disk) stops the run with a CheckpointWriteError
 * and leaves the previous checkpoint as it was. Progress
 * bars, metric files and plots are subscribers (see `tap`), never code in here.
 *
 * One epoch, per minibatch:
 *   order  ← seeded permutation of the training set (TrainRng, state kept in checkpoints)
 *   x, y   ← rows `order[b·B … (b+1)·B)`, y one-hot
 *   x      ← augment(x, seed_step)                   (optional)
 *   L(θ)   = mean cross-entropy(y, model(x; θ))      (or the custom loss)
 *   θ      ← optimizer.step(L)                        (clipping and schedule inside)
 * then validation (loss and accuracy, dropout off), then a checkpoint when one is due.
 */
import * as tf from '@tensorflow/tfjs';
import { Observable } from 'rxjs';
import { join } from 'node:path';
import { CheckpointWriteError, DeeperError, ShapeError } from '../errors';
import { createOptimizer, type TrainingOptimizer } from '../optim/create-optimizer';
import { resolveFitConfig, type FitConfig } from './fit-config';
import { evaluateArrays } from './evaluate';
import { countCorrect, crossEntropy, gather, toArrays, type FitData } from './labeled-data';
import { isRandomStateful, type RandomStateful } from './random-stateful';
import { checkpointName, latestCheckpoint, loadTrainCheckpoint, saveTrainCheckpoint, trainableVariables, weightShapes, type LoopState } from './train-checkpoint';
import type { TrainEvent } from './train-event';
import { TrainRng } from './train-rng';

/** A 32-bit seed for step `step`'s augmentation, decorrelated across steps and seeds. */
function stepSeed(seed: number, step: number): number {
  const rng = new TrainRng((seed * 0x9e3779b1 + step) % 0x100000000);
  return rng.nextUint32();
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Trains `model` on `data`; see the file comment. Config errors throw here, at call time. */
export function fit(model: tf.LayersModel, data: FitData, config: Partial<FitConfig> = {}): Observable<TrainEvent> {
  const c = resolveFitConfig(config);
  return new Observable<TrainEvent>((subscriber) => {
    const run = { stopped: false };
    runLoop(model, data, c, run, (event) => subscriber.next(event)).then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      run.stopped = true;
    };
  });
}

async function runLoop(model: tf.LayersModel, data: FitData, c: FitConfig, run: { stopped: boolean }, emit: (e: TrainEvent) => void): Promise<void> {
  const started = performance.now();
  const train = await toArrays('fit (training data)', data, model);
  const validation = data.validation ? await toArrays('fit (validation data)', data.validation, model) : null;
  if (validation && validation.classes !== train.classes) throw new ShapeError('fit', `validation targets with ${train.classes} classes`, [validation.classes]);
  const lossFn = typeof c.loss === 'function' ? c.loss : crossEntropy(c.fromLogits);
  const optimizer: TrainingOptimizer = createOptimizer(c.optimizer);
  try {
    const variables = trainableVariables(model);
    const randomLayers = model.layers.flatMap((layer, index) => (isRandomStateful(layer) ? [[index, layer] as [number, RandomStateful]] : []));
    const rng = new TrainRng(c.seed);
    const batchesPerEpoch = Math.ceil(train.count / c.batchSize);
    const runRecord: LoopState['run'] = {
      seed: c.seed, batchSize: c.batchSize, trainCount: train.count, optimizer: optimizer.config.name, weightShapes: weightShapes(model),
    };
    let epoch = 0;
    let batch = 0;
    let step = 0;
    let best: number | null = null;

    if (c.resume !== null) {
      const dir = latestCheckpoint(c.resume);
      const state = await loadTrainCheckpoint(dir, model, optimizer, runRecord);
      ({ epoch, batch, step } = state);
      rng.state = state.rngState;
      best = state.bestValidationAccuracy;
      for (const [index, layer] of randomLayers) {
        const saved = state.layerRandomStates[String(index)];
        if (saved === undefined) throw new DeeperError(`fit expects ${join(dir, 'state.json')} to hold the random state of layer ${index} (${model.layers[index].name}), but it has none; the checkpoint comes from another model`);
        layer.setRandomState(saved);
      }
      emit({ type: 'resume', epoch, step, path: dir });
    }

    const checkpointsDir = c.runDir === null ? null : join(c.runDir, 'checkpoints');
    let lastCheckpoint: { step: number; path: string | null } = { step, path: c.resume === null ? null : latestCheckpoint(c.resume) };
    const checkpoint = async (atEpoch: number, atBatch: number, rngState: number): Promise<void> => {
      if (checkpointsDir === null) return;
      const state: LoopState = {
        epoch: atEpoch, batch: atBatch, step, rngState, bestValidationAccuracy: best, run: runRecord,
        layerRandomStates: Object.fromEntries(randomLayers.map(([index, layer]) => [String(index), layer.getRandomState()])),
      };
      let path: string;
      try {
        path = await saveTrainCheckpoint(checkpointsDir, model, optimizer, state);
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        const target = join(checkpointsDir, checkpointName(step));
        throw new CheckpointWriteError(target, e.code ? `${e.code} (${e.message})` : e.message, lastCheckpoint.path);
      }
      lastCheckpoint = { step, path };
      emit({ type: 'checkpoint', epoch: atEpoch, step, path });
    };
    /** On a graceful stop: a checkpoint at the next minibatch to run, when steps were taken since the last one. */
    const stopHere = async (atEpoch: number, atBatch: number, rngState: number): Promise<void> => {
      if (step > lastCheckpoint.step) await checkpoint(atEpoch, atBatch, rngState);
    };

    let lastLoss = NaN;
    let lastAccuracy = NaN;
    let lastValidation = NaN;
    for (; epoch < c.epochs; epoch++) {
      const epochRngState = rng.state;
      const order = c.shuffle ? rng.permutation(train.count) : Int32Array.from({ length: train.count }, (_, i) => i);
      const epochStarted = performance.now();
      let lossSum = 0;
      let correctSum = 0;
      let seen = 0;
      for (; batch < batchesPerEpoch; batch++) {
        if (run.stopped) return;
        if (c.stop?.aborted) {
          // Awaited here, inside the try: a returned promise would let the finally dispose the optimizer mid-save.
          await stopHere(epoch, batch, epochRngState);
          return;
        }
        const t0 = performance.now();
        const learningRate = optimizer.learningRate;
        const [xs, ys] = gather(train, order.subarray(batch * c.batchSize, Math.min(train.count, (batch + 1) * c.batchSize)));
        const size = xs.shape[0] ?? 0;
        const seed = stepSeed(c.seed, step);
        let correctTensor: tf.Scalar | undefined;
        let lossTensor: tf.Scalar | undefined;
        let loss: number;
        let correct: number;
        try {
          lossTensor = optimizer.step(() => {
            const input = c.augment === null ? xs : c.augment(xs, seed);
            const outputs = model.apply(input, { training: true }) as tf.Tensor;
            correctTensor = tf.keep(countCorrect(ys, outputs));
            return lossFn(ys, outputs);
          }, variables);
          // Read asynchronously: WebGPU under Node cannot read synchronously.
          const [lossValue, correctValue] = await Promise.all([lossTensor.data(), correctTensor!.data()]);
          loss = lossValue[0];
          correct = correctValue[0];
        } finally {
          tf.dispose([xs, ys]);
          if (lossTensor) lossTensor.dispose();
          if (correctTensor) correctTensor.dispose();
        }
        step++;
        if (!Number.isFinite(loss)) {
          throw new DeeperError(`fit expects a finite training loss, but received ${loss} at step ${step} (epoch ${epoch}). Lower the learning rate, clip gradients (optimizer.clipNorm) or check the inputs for NaN`);
        }
        lossSum += loss * size;
        correctSum += correct;
        seen += size;
        const seconds = (performance.now() - t0) / 1000;
        emit({
          type: 'batch', epoch, step, batch, batchesPerEpoch, size, loss, accuracy: correct / size,
          samplesPerSecond: size / Math.max(seconds, 1e-9), learningRate,
        });
        if (c.checkpointUnit === 'step' && c.checkpointEvery > 0 && step % c.checkpointEvery === 0 && batch + 1 < batchesPerEpoch) {
          await checkpoint(epoch, batch + 1, epochRngState);
        }
        // Let an unsubscribe (or a kill signal handler) run between minibatches.
        await nextTick();
      }
      batch = 0;
      const epochSeconds = (performance.now() - epochStarted) / 1000;
      lastLoss = seen > 0 ? lossSum / seen : NaN;
      lastAccuracy = seen > 0 ? correctSum / seen : NaN;
      emit({ type: 'epoch', epoch, step, loss: lastLoss, accuracy: lastAccuracy, seconds: epochSeconds, samplesPerSecond: seen / Math.max(epochSeconds, 1e-9) });
      if (validation !== null) {
        const { loss, accuracy } = await evaluateArrays(model, validation, lossFn, c.validationBatchSize);
        const isBest = best === null || accuracy > best;
        if (isBest) best = accuracy;
        lastValidation = accuracy;
        emit({ type: 'validation', epoch, step, loss, accuracy, bestAccuracy: best!, isBest });
      }
      if (run.stopped) return;
      if (c.stop?.aborted) {
        await stopHere(epoch + 1, 0, rng.state);
        return;
      }
      const last = epoch + 1 === c.epochs;
      // A step-unit checkpoint that falls on an epoch's last batch is written here, after validation,
      // so that it resumes at the next epoch instead of replaying an empty one.
      const due = c.checkpointEvery > 0 && (c.checkpointUnit === 'epoch' ? (epoch + 1) % c.checkpointEvery === 0 : step % c.checkpointEvery === 0);
      if (last || due) await checkpoint(epoch + 1, 0, rng.state);
    }
    emit({
      type: 'done', epoch, step, loss: lastLoss, accuracy: lastAccuracy, validationAccuracy: lastValidation,
      bestValidationAccuracy: best ?? NaN, seconds: (performance.now() - started) / 1000,
    });
  } finally {
    optimizer.dispose();
  }
}
