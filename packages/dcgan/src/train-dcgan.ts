/**
 * `trainDcgan(data, config)`: DCGAN training (Radford, Metz & Chintala 2016, §4) as a cold
 * Observable of `GanEvent`s. Nothing runs until subscribe; each subscription builds both
 * networks from `config.model` and trains them (or continues a run from its newest
 * checkpoint with `resume`); unsubscribing stops between steps and frees every tensor.
 * Aborting `runtime.stop` (e.g. from `stopOnSignals`) stops between steps too, after a
 * checkpoint of the steps taken since the last one, and completes.
 *
 * Per epoch: a seeded permutation of the real images (core's TrainRng, saved in checkpoints);
 * per minibatch of `batchSize` (the last partial one is dropped, so every batch norm sees a
 * full batch):
 *   x, y ← the minibatch's images (and one-hot classes, conditional only)
 *   z    ← latent points from the step's seed (uniform in [−1, 1], the paper's)
 *   ganStep: one Adam update of D, then one of G (see gan-step.ts), at the schedule's rate for the step
 *   with `emaDecay` > 0: θ̄_G ← β θ̄_G + (1 − β) θ_G (GeneratorEma, Yazıcı et al. 2019)
 * then, when due, a grid of samples from fixed latent points (the live G) and a checkpoint
 * set (with θ̄_G when averaging).
 *
 * A non-finite loss, or a discriminator whose loss stays under `collapseThreshold` for
 * `collapsePatience` steps (it wins outright and G's gradient vanishes), stops the run with
 * a GanTrainingError naming the last good checkpoint; no checkpoint is written after the fault.
 * A checkpoint set that cannot be written (a full disk) stops it with core's
 * CheckpointWriteError naming the set kept, as `fit` does; sets are written atomically
 * (gan-checkpoint.ts), so that set is whole.
 */
import * as tf from '@tensorflow/tfjs';
import { Observable } from 'rxjs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  CheckpointWriteError, checkpointName, checkInteger, checkNumber, checkOneOf, ConfigError, createOptimizer, resolveConfig, resolveScheduleConfig, TrainRng, writeFileAtomic,
  type ScheduleConfig,
} from '@deeper/core';
import { buildDcgan, resolveDcganConfig, type DcganConfig } from './dcgan-config';
import { GanDataError, GanTrainingError } from './errors';
import type { GanEvent } from './gan-event';
import type { GanImages } from './gan-images';
import { checkLossSmoothing, ganLossNames, ganStepTensors, readGanStep, type GanLoss, type GanPair, type GanStepTensors } from './gan-step';
import { GeneratorEma } from './generator-ema';
import { imageGridPng } from './image-grid';
import { latentDistributions, latentPoints, type LatentDistribution } from './latent-points';
import { latestGanCheckpoint, loadGanCheckpoint, loadGeneratorEma, saveGanCheckpoint, type GanLoopState } from './gan-checkpoint';

export interface TrainDcganConfig {
  /** The networks (image size and channels must match the data; `classes` is set from the data when `conditional`). Default dcganDefaults. */
  model: Partial<DcganConfig>;
  /** Train the class-conditional variant on the data's labels. Default false. */
  conditional: boolean;
  /** Passes over the real images. Default 5. */
  epochs: number;
  /** Real images per step (as many generated). Default 128 (the paper, §4). */
  batchSize: number;
  /** Adam's learning rate, both networks (G's alone when `discriminatorLearningRate` is set). Default 2e-4 (the paper, §4: 1e-3 was too high). */
  learningRate: number;
  /**
   * D's own learning rate; null: `learningRate`. Heusel et al. 2017 (the two time-scale update rule, TTUR) train
   * D and G at different rates; Zhang et al. 2019 (SAGAN) use 4e-4 for D and 1e-4 for G. The schedule moves both.
   * Default null (the paper: one rate); runs recorded before this field used one rate.
   */
  discriminatorLearningRate: number | null;
  /**
   * How the learning rate moves over the run's steps (core's schedules, applied per update to both networks; a cosine
   * schedule needs its `totalSteps`, e.g. epochs × ⌊images / batchSize⌋ to end at the run's last step). Default {}:
   * constant, as the paper.
   */
  schedule: Partial<ScheduleConfig>;
  /** Adam's β1, both networks. Default 0.5 (the paper, §4: 0.9 oscillated). */
  beta1: number;
  /** One-sided label smoothing: real images' target is 1 − this (Salimans et al. 2016, §3.4 use 0.1); 0 with the hinge loss. Default 0 (the paper uses none). */
  labelSmoothing: number;
  /** The adversarial loss (ganStep): `nonsaturating` (Goodfellow et al. 2014, the paper's) or `hinge` (Lim & Ye 2017, Miyato & Koyama 2018). Default `nonsaturating`. */
  loss: GanLoss;
  /** Distribution of z. Default `uniform` in [−1, 1] (the paper). */
  latent: LatentDistribution;
  /** Write a sample grid every this many steps (and at the end); 0: only at the end. Default 500. */
  sampleEvery: number;
  /** Images in a sample grid. Default 64. */
  sampleCount: number;
  /** Write a checkpoint set every this many steps (and at the end); 0: only at the end. Default 500. */
  checkpointEvery: number;
  /** The discriminator counts as collapsed when its loss stays below this… Default 0.01 (D(x) ≈ 0.995 and D(G(z)) ≈ 0.005). */
  collapseThreshold: number;
  /** …for this many consecutive steps. Default 200. */
  collapsePatience: number;
  /**
   * Decay β of an exponential moving average of G's weights, kept beside G and in every checkpoint for
   * `deeper gan sample|score --ema`; it does not change training. 0: none. Default 0 (the paper keeps
   * none; Yazıcı et al. 2019 use 0.999). A run resumed with an average it did not keep starts one there.
   */
  emaDecay: number;
  /** Seed of the minibatch order, the latent points and the sample grid's fixed z. Default 0. */
  seed: number;
  /** Run folder: checkpoints/ and samples/ go there; null: nothing written. Default null. */
  runDir: string | null;
  /** Run folder (or checkpoint set) to continue from its newest checkpoint; null: a fresh run. Default null. */
  resume: string | null;
}

export const trainDcganDefaults: TrainDcganConfig = {
  model: {}, conditional: false, epochs: 5, batchSize: 128, learningRate: 2e-4, discriminatorLearningRate: null, schedule: {}, beta1: 0.5, labelSmoothing: 0, loss: 'nonsaturating', latent: 'uniform',
  sampleEvery: 500, sampleCount: 64, checkpointEvery: 500, collapseThreshold: 0.01, collapsePatience: 200, emaDecay: 0, seed: 0, runDir: null, resume: null,
};

const who = 'trainDcgan';

export function resolveTrainDcganConfig(partial: Partial<TrainDcganConfig> = {}): TrainDcganConfig {
  const c = resolveConfig(who, trainDcganDefaults, partial);
  resolveDcganConfig(c.model);
  if (typeof c.conditional !== 'boolean') throw new ConfigError(who, 'conditional', 'a boolean', c.conditional);
  checkInteger(who, 'epochs', c.epochs);
  checkInteger(who, 'batchSize', c.batchSize);
  checkNumber(who, 'learningRate', c.learningRate, 0, Infinity, true);
  if (c.discriminatorLearningRate !== null) checkNumber(who, 'discriminatorLearningRate', c.discriminatorLearningRate, 0, Infinity, true);
  c.schedule = resolveScheduleConfig(c.schedule);
  checkNumber(who, 'beta1', c.beta1, 0, 1);
  checkNumber(who, 'labelSmoothing', c.labelSmoothing, 0, 0.5);
  checkOneOf(who, 'loss', c.loss, ganLossNames);
  checkLossSmoothing(who, c.loss, c.labelSmoothing);
  checkOneOf(who, 'latent', c.latent, latentDistributions);
  checkInteger(who, 'sampleEvery', c.sampleEvery, 0);
  checkInteger(who, 'sampleCount', c.sampleCount);
  checkInteger(who, 'checkpointEvery', c.checkpointEvery, 0);
  checkNumber(who, 'collapseThreshold', c.collapseThreshold, 0);
  checkInteger(who, 'collapsePatience', c.collapsePatience);
  if (c.emaDecay !== 0) checkNumber(who, 'emaDecay', c.emaDecay, 0, 1, true);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** The model config a run of `c` on `data` trains: the data's size and channels, and its classes when conditional. */
export function ganModelConfig(c: TrainDcganConfig, data: Pick<GanImages, 'size' | 'channels' | 'labels' | 'classNames'>): DcganConfig {
  const model = resolveDcganConfig({ ...c.model, imageSize: data.size, imageChannels: data.channels, classes: c.conditional ? data.classNames.length : 0 });
  if (c.model.imageSize !== undefined && c.model.imageSize !== data.size) {
    throw new ConfigError(who, 'model.imageSize', `the data's image side ${data.size}`, c.model.imageSize);
  }
  if (c.conditional && data.labels === null) {
    throw new GanDataError(who, 'labelled images for a conditional GAN', 'a dataset without labels', 'Drop --conditional, or train on mnist or fashion-mnist');
  }
  return model;
}

/** A 32-bit seed for step `step`'s latent points, decorrelated across steps and seeds (as fit's augmentation seeds). */
export function stepSeed(seed: number, step: number): number {
  return new TrainRng((seed * 0x9e3779b1 + step) % 0x100000000).nextUint32();
}

/** The fixed latent points (and classes) of the run's sample grids: `sampleCount` rows of z, classes cycling 0…K−1. */
export function sampleInputs(model: DcganConfig, count: number, latent: LatentDistribution, seed: number): { z: tf.Tensor2D; labels: tf.Tensor2D | null } {
  const z = latentPoints(count, model.latentDim, latent, seed);
  const labels = model.classes > 0 ? tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: count }, (_, i) => i % model.classes), 'int32'), model.classes).toFloat() as tf.Tensor2D) : null;
  return { z, labels };
}

/** Generated images as plain values (inference mode: batch norm uses its moving statistics), read without blocking (WebGPU under Node reads only so). */
export async function generate(generator: tf.LayersModel, z: tf.Tensor2D, labels: tf.Tensor2D | null): Promise<Float32Array> {
  const images = tf.tidy(() => generator.predict(labels === null ? z : [z, labels], { batchSize: z.shape[0] }) as tf.Tensor);
  try {
    return (await images.data()) as Float32Array;
  } finally {
    images.dispose();
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a run needs besides its recorded config: the graceful stop, which is no part of config.json. */
export interface TrainDcganRuntime {
  /** Once aborted, training stops before the next step, after a checkpoint of the steps since the last one (when `runDir` is set). */
  stop?: AbortSignal;
}

/** Trains a DCGAN on `data`; see the file comment. Config errors throw here, at call time. */
export function trainDcgan(data: GanImages, config: Partial<TrainDcganConfig> = {}, runtime: TrainDcganRuntime = {}): Observable<GanEvent> {
  const c = resolveTrainDcganConfig(config);
  const model = ganModelConfig(c, data);
  if (data.count < c.batchSize) throw new ConfigError(who, 'batchSize', `at most the ${data.count} training images`, c.batchSize);
  return new Observable<GanEvent>((subscriber) => {
    const run = { stopped: false };
    runLoop(data, c, model, run, runtime, (event) => subscriber.next(event)).then(() => subscriber.complete(), (error: unknown) => subscriber.error(error));
    return () => {
      run.stopped = true;
    };
  });
}

async function runLoop(data: GanImages, c: TrainDcganConfig, model: DcganConfig, run: { stopped: boolean }, runtime: TrainDcganRuntime, emit: (e: GanEvent) => void): Promise<void> {
  const started = performance.now();
  const { generator, discriminator } = buildDcgan(model);
  const adam = (learningRate: number) => createOptimizer({ name: 'adam', learningRate, beta1: c.beta1, schedule: c.schedule });
  const pair: GanPair = { generator, discriminator, generatorOptimizer: adam(c.learningRate), discriminatorOptimizer: adam(c.discriminatorLearningRate ?? c.learningRate) };
  const samples = sampleInputs(model, c.sampleCount, c.latent, stepSeed(c.seed, 0xffffff));
  let ema: GeneratorEma | null = null;
  try {
    if (c.emaDecay > 0) {
      const twin = buildDcgan(model);
      twin.discriminator.dispose();
      ema = new GeneratorEma(generator, twin.generator, c.emaDecay);
    }
    const rng = new TrainRng(c.seed);
    const batchesPerEpoch = Math.floor(data.count / c.batchSize);
    const fingerprint = { seed: c.seed, batchSize: c.batchSize, trainCount: data.count };
    let epoch = 0;
    let batch = 0;
    let step = 0;
    let lastCheckpoint: string | null = null;
    let lastCheckpointStep = 0;
    if (c.resume !== null) {
      const dir = latestGanCheckpoint(c.resume);
      if (dir === null) throw new GanTrainingError(who, `a checkpoint set under ${join(c.resume, 'checkpoints')} to resume from`, 'none', null, 'Start a fresh run instead');
      const state = await loadGanCheckpoint(dir, pair, fingerprint);
      ({ epoch, batch, step } = state);
      rng.state = state.rngState;
      lastCheckpoint = dir;
      lastCheckpointStep = step;
      if (ema === null) emit({ type: 'resume', epoch, step, path: dir });
      else {
        // The average restarts at the loaded G when the set kept none (or one of another decay).
        ema.copyFromGenerator();
        const kept = state.ema != null && state.ema.decay === ema.decay && await loadGeneratorEma(dir, ema);
        emit({ type: 'resume', epoch, step, path: dir, ema: kept ? 'restored' : 'started' });
      }
    }
    const pixels = data.size * data.size * data.channels;
    const checkpoint = async (state: GanLoopState) => {
      if (c.runDir === null) return;
      const checkpointsDir = join(c.runDir, 'checkpoints');
      try {
        lastCheckpoint = await saveGanCheckpoint(checkpointsDir, pair, state, ema);
      } catch (error) {
        // The set is written atomically, so the last one is whole; stop rather than train on with nothing newer to resume from (as fit does).
        const e = error as NodeJS.ErrnoException;
        throw new CheckpointWriteError(join(checkpointsDir, checkpointName(state.step)), e.code ? `${e.code} (${e.message})` : e.message, lastCheckpoint);
      }
      lastCheckpointStep = state.step;
      emit({ type: 'checkpoint', epoch: state.epoch, step: state.step, path: lastCheckpoint });
    };
    const sampleGrid = async () => {
      if (c.runDir === null) return;
      const images = await generate(generator, samples.z, samples.labels);
      const path = join(c.runDir, 'samples', `${checkpointName(step)}.png`);
      mkdirSync(join(c.runDir, 'samples'), { recursive: true });
      writeFileAtomic(path, imageGridPng(images, c.sampleCount, data.size, data.channels, model.classes > 0 ? model.classes : undefined));
      emit({ type: 'samples', epoch, step, path });
    };
    let collapsedSteps = 0;
    for (; epoch < c.epochs; epoch++) {
      const epochRngState = rng.state;
      const order = rng.permutation(data.count);
      const epochStarted = performance.now();
      let dSum = 0;
      let gSum = 0;
      let seen = 0;
      for (; batch < batchesPerEpoch; batch++) {
        if (run.stopped) return;
        if (runtime.stop?.aborted) {
          // Awaited inside the try, so that the finally cannot dispose the networks mid-save.
          if (step > lastCheckpointStep) await checkpoint({ epoch, batch, step, rngState: epochRngState, run: fingerprint });
          return;
        }
        const t0 = performance.now();
        const rows = order.subarray(batch * c.batchSize, (batch + 1) * c.batchSize);
        const xs = new Float32Array(c.batchSize * pixels);
        rows.forEach((row, i) => xs.set(data.images.subarray(row * pixels, (row + 1) * pixels), i * pixels));
        const real = tf.tensor4d(xs, [c.batchSize, data.size, data.size, data.channels]);
        const labels = model.classes > 0 ? tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(rows, (r) => data.labels![r]), 'int32'), model.classes).toFloat()) : null;
        const z = latentPoints(c.batchSize, model.latentDim, c.latent, stepSeed(c.seed, step));
        let tensors: GanStepTensors;
        try {
          tensors = ganStepTensors(pair, real, z, labels, c.labelSmoothing, c.loss);
        } finally {
          tf.dispose([real, z, ...(labels ? [labels] : [])]);
        }
        const result = await readGanStep(tensors);
        ema?.update();
        step++;
        const { dLoss, gLoss, dReal, dFake } = result;
        if (![dLoss, gLoss, dReal, dFake].every(Number.isFinite)) {
          throw new GanTrainingError(who, 'finite losses', `D loss ${dLoss} and G loss ${gLoss} at step ${step} (epoch ${epoch})`, lastCheckpoint,
            'Lower the learning rate, or check the images for NaN');
        }
        collapsedSteps = dLoss < c.collapseThreshold ? collapsedSteps + 1 : 0;
        if (collapsedSteps >= c.collapsePatience) {
          throw new GanTrainingError(who, `a discriminator loss above ${c.collapseThreshold} at least once every ${c.collapsePatience} steps`,
            `D loss below it for ${collapsedSteps} steps up to step ${step} (D(x) ${dReal.toFixed(4)}, D(G(z)) ${dFake.toFixed(4)}): the discriminator collapsed and the generator no longer learns`,
            lastCheckpoint, 'Resume from that checkpoint with label smoothing (--label-smoothing 0.1) or a lower learning rate');
        }
        dSum += dLoss;
        gSum += gLoss;
        seen += c.batchSize;
        emit({ type: 'step', epoch, step, batch, batchesPerEpoch, size: c.batchSize, dLoss, gLoss, dReal, dFake, imagesPerSecond: c.batchSize / Math.max((performance.now() - t0) / 1000, 1e-9) });
        const lastBatch = batch + 1 === batchesPerEpoch;
        if (c.sampleEvery > 0 && step % c.sampleEvery === 0 && !lastBatch) await sampleGrid();
        if (c.checkpointEvery > 0 && step % c.checkpointEvery === 0 && !lastBatch) {
          await checkpoint({ epoch, batch: batch + 1, step, rngState: epochRngState, run: fingerprint });
        }
        // Let an unsubscribe (or a signal handler) run between steps.
        await nextTick();
      }
      batch = 0;
      const seconds = (performance.now() - epochStarted) / 1000;
      const steps = seen / c.batchSize;
      emit({ type: 'epoch', epoch, step, dLoss: steps > 0 ? dSum / steps : NaN, gLoss: steps > 0 ? gSum / steps : NaN, seconds, imagesPerSecond: seen / Math.max(seconds, 1e-9) });
      if (run.stopped) return;
      const last = epoch + 1 === c.epochs;
      // Grids and checkpoints due on an epoch's last batch are written here, at the epoch boundary.
      if (last || (c.sampleEvery > 0 && step % c.sampleEvery === 0)) await sampleGrid();
      if (last || (c.checkpointEvery > 0 && step % c.checkpointEvery === 0)) {
        await checkpoint({ epoch: epoch + 1, batch: 0, step, rngState: rng.state, run: fingerprint });
      }
    }
    emit({ type: 'done', epoch, step, seconds: (performance.now() - started) / 1000 });
  } finally {
    tf.dispose([samples.z, ...(samples.labels ? [samples.labels] : [])]);
    ema?.dispose();
    pair.generatorOptimizer.dispose();
    pair.discriminatorOptimizer.dispose();
    generator.dispose();
    discriminator.dispose();
  }
}
