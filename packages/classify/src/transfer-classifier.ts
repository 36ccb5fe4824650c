/**
 * Transfer learning (Yosinski et al. 2014, "How transferable are features in deep neural
 * networks?"): a network trained on one dataset keeps its feature layers — the base, all
 * but its closing dense classifier — and gets a new softmax layer for the new classes — the head.
 *
 * 1. head: the base is frozen (its layers' `trainable` off, so fit's optimizer never sees
 *    their weights) and the head is trained at `learningRate`;
 * 2. with `freeze: 'none'`, the whole network is then unfrozen and fine-tuned at the lower
 *    `fineTuneLearningRate`, so that the base moves little from what it learnt.
 *
 * `scratch: true` trains the same architecture from freshly initialised weights, every layer
 * at `learningRate` for the epochs of both phases: the baseline a transfer must beat. The
 * labelled images are a class-balanced draw of `labels` training images (balancedSubset).
 * The base comes from a `classify train` run folder (its latest checkpoint) or from any
 * TensorFlow.js Layers model directory (model.json + weight shards, as Keras exports it).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkInteger, checkNumber, checkOneOf, ConfigError, DeeperError, fit, glorotUniform, latestCheckpoint, loadModel, resolveConfig, type TrainEvent } from '@deeper/core';
import { concat, defer, EMPTY, from, map, Observable, tap, type Subscription } from 'rxjs';
import { balancedSubset } from './datasets/balanced-subset';
import { imageShapeOf, type ImageDataset } from './datasets/image-dataset';
import { openDataset, type OpenedDataset } from './datasets/open-dataset';
import { evaluateClassifier } from './evaluate-classifier';
import type { EvaluationEvent } from './train-image-classifier';

export interface TransferClassifierConfig {
  /** A classify run folder or a model directory (model.json); required. */
  from: string;
  /** The new dataset: 'mnist', 'fashion-mnist' or a folder; required. */
  dataset: string;
  /** Fashion-MNIST's IDX folder; null (default): Debian's. */
  dataDir: string | null;
  /** Labelled training images, drawn class-balanced; default 100. */
  labels: number;
  /** Test images; null: all (default). */
  testLimit: number | null;
  /** 'base': train the new head only; 'none': then fine-tune everything. Default 'base'. */
  freeze: 'base' | 'none';
  /** Train the same architecture from scratch instead (the baseline); default false. */
  scratch: boolean;
  /** Epochs of the head phase (of the whole run when scratch); default 20. */
  epochs: number;
  /** Epochs of the fine-tuning phase (freeze 'none'; added to scratch runs' epochs); default 10. */
  fineTuneEpochs: number;
  /** Adam's learning rate for the head (and scratch runs); default 1e-3 (Kingma & Ba 2015). */
  learningRate: number;
  /** Adam's learning rate while fine-tuning; default 1e-4, a tenth of the head's (the usual fine-tuning choice, e.g. Keras's transfer-learning guide uses 1e-5 after 1e-3). */
  fineTuneLearningRate: number;
  /** Images per step; default 50 (a 100-label set then gives two steps an epoch). */
  batchSize: number;
  /** Seed of the label draw, the head's weights and minibatch order; default 0. */
  seed: number;
  /** Run folder for checkpoints: the head phase writes `head/checkpoints/` when a fine-tuning phase follows, else `checkpoints/`; default null. */
  runDir: string | null;
  /** Continue the run in `runDir` from its latest checkpoint; default false. */
  resume: boolean;
}

export const transferClassifierDefaults: TransferClassifierConfig = {
  from: '', dataset: '', dataDir: null, labels: 100, testLimit: null, freeze: 'base', scratch: false, epochs: 20, fineTuneEpochs: 10,
  learningRate: 1e-3, fineTuneLearningRate: 1e-4, batchSize: 50, seed: 0, runDir: null, resume: false,
};

const who = 'transferClassifier';

export function resolveTransferClassifierConfig(partial: Partial<TransferClassifierConfig> = {}): TransferClassifierConfig {
  const c = resolveConfig(who, transferClassifierDefaults, partial);
  if (typeof c.from !== 'string' || c.from === '') throw new ConfigError(who, 'from', 'a classify run folder or a model directory', c.from);
  if (typeof c.dataset !== 'string' || c.dataset === '') throw new ConfigError(who, 'dataset', '"mnist", "fashion-mnist" or a folder', c.dataset);
  checkInteger(who, 'labels', c.labels, 1);
  if (c.testLimit !== null) checkInteger(who, 'testLimit', c.testLimit, 1);
  checkOneOf(who, 'freeze', c.freeze, ['base', 'none'] as const);
  if (typeof c.scratch !== 'boolean') throw new ConfigError(who, 'scratch', 'a boolean', c.scratch);
  checkInteger(who, 'epochs', c.epochs, 1);
  checkInteger(who, 'fineTuneEpochs', c.fineTuneEpochs, 1);
  checkNumber(who, 'learningRate', c.learningRate, 0, Infinity, true);
  checkNumber(who, 'fineTuneLearningRate', c.fineTuneLearningRate, 0, Infinity, true);
  checkInteger(who, 'batchSize', c.batchSize, 1);
  checkInteger(who, 'seed', c.seed, 0);
  if (c.resume && c.runDir === null) throw new ConfigError(who, 'runDir', 'the run folder to resume', c.runDir);
  return c;
}

/** The model directory behind `from`: itself if it holds model.json, else the run folder's latest checkpoint. */
export function baseModelDirectory(from: string): string {
  if (existsSync(join(from, 'model.json'))) return from;
  if (existsSync(join(from, 'checkpoints'))) return latestCheckpoint(from);
  throw new DeeperError(`${who} expects from to be a model directory (with model.json) or a classify run folder (with checkpoints/), but received ${JSON.stringify(from)}`);
}

/** Layers that make up a classifier stack on top of the features: dense layers and what sits between them. */
const headClasses = new Set(['Dense', 'Dropout', 'SeededDropout', 'Softmax', 'Activation', 'ReLU']);

/**
 * `base` cut below its classifier — the trailing run of dense layers (with their dropout and
 * activations) — so that what remains ends at its features (the flattened or pooled maps of
 * the last convolutions), plus a new dense softmax head of `classes` units. Returns the
 * model and the base's layers (to freeze). The head's layers are named
 * `transfer_head_dense` and `transfer_head_softmax`.
 */
export function withNewHead(base: tf.LayersModel, classes: number, seed: number): { model: tf.LayersModel; baseLayers: tf.layers.Layer[] } {
  checkInteger(who, 'classes', classes, 2);
  const names = base.layers.map((l) => l.getClassName());
  let first = names.length;
  while (first > 0 && headClasses.has(names[first - 1])) first--;
  while (first < names.length && names[first] !== 'Dense') first++;
  if (first >= names.length) throw new DeeperError(`${who} expects a base model ending in dense layers to replace, but ${base.name}'s layers are ${names.join(', ')}`);
  const features = base.layers[first].input as tf.SymbolicTensor;
  if (Array.isArray(features)) throw new DeeperError(`${who} expects the first dense layer of ${base.name}'s classifier to have one input`);
  const dense = tf.layers.dense({ units: classes, kernelInitializer: glorotUniform(seed * 1009 + 17), name: 'transfer_head_dense' }).apply(features) as tf.SymbolicTensor;
  const output = tf.layers.softmax({ name: 'transfer_head_softmax' }).apply(dense) as tf.SymbolicTensor;
  const model = tf.model({ inputs: base.inputs, outputs: output, name: 'transfer' });
  const headNames = new Set(['transfer_head_dense', 'transfer_head_softmax']);
  return { model, baseLayers: model.layers.filter((l) => !headNames.has(l.name) && l.getClassName() !== 'InputLayer') };
}

export type TransferEvent = (TrainEvent & { phase: 'head' | 'fine-tune' | 'scratch' }) | EvaluationEvent;

/** The labelled training images and the test images of a transfer run. */
export function transferData(c: TransferClassifierConfig): { opened: OpenedDataset; labelled: ImageDataset; test: ImageDataset } {
  const opened = openDataset(c.dataset, { ...(c.dataDir === null ? {} : { dataDir: c.dataDir }), testLimit: c.testLimit, seed: c.seed });
  return { opened, labelled: balancedSubset(opened.train, c.labels, c.seed), test: opened.test };
}

/** Runs the phases and scores the test images; the models are disposed when the stream ends. */
export function transferClassifier(partial: Partial<TransferClassifierConfig> = {}): Observable<TransferEvent> {
  const c = resolveTransferClassifierConfig(partial);
  return new Observable<TransferEvent>((subscriber) => {
    const owned: tf.LayersModel[] = [];
    let inner: Subscription | null = null;
    let stopped = false;
    (async () => {
      const { labelled, test } = transferData(c);
      const base = await loadModel(baseModelDirectory(c.from), { optimizer: false });
      owned.push(base);
      const modelShape = base.inputs[0].shape.slice(1);
      const shape = imageShapeOf(labelled);
      if (modelShape.some((d, i) => d !== null && d !== shape[i])) {
        throw new DeeperError(`${who} expects images of the base model's input shape [${modelShape.join(', ')}], but ${c.dataset} has [${shape.join(', ')}]`);
      }
      let { model, baseLayers } = withNewHead(base, labelled.classNames.length, c.seed);
      owned.push(model);
      if (c.scratch) {
        // The same architecture, every weight drawn afresh from its (seeded) initializer.
        model = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.serialization.ConfigDict });
        owned.push(model);
        baseLayers = [];
      }
      if (stopped) return;
      const data = { x: labelled.images, y: labelled.labels, sampleShape: shape };
      const fineTune = c.freeze === 'none' && !c.scratch;
      const headDir = c.runDir === null ? null : fineTune ? join(c.runDir, 'head') : c.runDir;
      const fineStarted = c.resume && fineTune && c.runDir !== null && hasCheckpoint(c.runDir);
      const phase = (name: 'head' | 'fine-tune' | 'scratch', epochs: number, learningRate: number, runDir: string | null) => defer(() => {
        // Frozen layers keep `trainable` off, so fit's optimizer never receives their weights.
        for (const layer of baseLayers) layer.trainable = name !== 'head';
        const resume = c.resume && runDir !== null && hasCheckpoint(runDir) ? runDir : null;
        return fit(model, data, { epochs, batchSize: c.batchSize, seed: c.seed, optimizer: { name: 'adam', learningRate }, runDir, resume, checkpointEvery: 1, checkpointUnit: 'epoch' })
          .pipe(map((e): TransferEvent => ({ ...e, phase: name })));
      });
      let last = { epoch: 0, step: 0 };
      const phases = c.scratch
        ? phase('scratch', c.epochs + (c.freeze === 'none' ? c.fineTuneEpochs : 0), c.learningRate, c.runDir)
        : concat(fineStarted ? EMPTY : phase('head', c.epochs, c.learningRate, headDir), fineTune ? phase('fine-tune', c.fineTuneEpochs, c.fineTuneLearningRate, c.runDir) : EMPTY);
      const testing = defer(() => from(evaluateClassifier(model, test)).pipe(
        map(({ accuracy, loss, count, predicted, confusion }): TransferEvent => ({ type: 'evaluation', ...last, accuracy, loss, count, predicted, confusion })),
      ));
      inner = concat(phases.pipe(tap((e) => (last = { epoch: e.epoch, step: e.step }))), testing).subscribe(subscriber);
    })().catch((error: unknown) => subscriber.error(error));
    return () => {
      stopped = true;
      inner?.unsubscribe();
      // The base and the transfer model share layers, and tfjs's per-model reference counts
      // do not see the sharing: free every weight of either model once, directly.
      const variables = new Set(owned.flatMap((m) => m.weights));
      for (const v of variables) v.dispose();
    };
  });
}

function hasCheckpoint(runDir: string): boolean {
  try {
    latestCheckpoint(runDir);
    return true;
  } catch {
    return false;
  }
}
