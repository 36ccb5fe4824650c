/**
 * The config of `fit`, the observable training loop. Defaults follow the textbook deep CNN
 * recipe (Saito, "Deep Learning from Scratch", ch. 8: minibatches of 100, Adam at 1e-3).
 */
import type * as tf from '@tensorflow/tfjs';
import { checkInteger, checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { resolveOptimizerConfig, type OptimizerOptions } from '../optim/optimizer-config';

/** A loss on one minibatch: targets (one-hot or soft, [batch, classes]) and model outputs; returns the mean. */
export type LossFn = (targets: tf.Tensor, outputs: tf.Tensor) => tf.Scalar;

/**
 * Augments one training minibatch of inputs; `seed` is fixed per step, so runs replay
 * exactly. Declared through a method so that image augmentations typed on tf.Tensor4D
 * (composeAugmentations) are accepted too: their parameter is narrower than tf.Tensor.
 */
export type AugmentFn = { augment(batch: tf.Tensor, seed: number): tf.Tensor }['augment'];

export interface FitConfig {
  /** Passes over the training data; default 10. */
  epochs: number;
  /** Samples per optimizer step; the last, smaller minibatch of an epoch is kept. Default 100 (Saito, ch. 8). */
  batchSize: number;
  /** Seed of minibatch order and augmentation; default 0. The model's own initial weights and dropout are seeded where the model is built. */
  seed: number;
  /** Reshuffle the training data every epoch (seeded); default true. */
  shuffle: boolean;
  /** The optimizer, as createOptimizer options; default Adam with learning rate 1e-3 (Kingma & Ba 2015, Saito ch. 8). */
  optimizer: OptimizerOptions;
  /** 'categoricalCrossentropy' or a custom `LossFn`; default 'categoricalCrossentropy'. */
  loss: 'categoricalCrossentropy' | LossFn;
  /** Whether the model outputs logits (softmax applied inside the loss) rather than probabilities; default false. */
  fromLogits: boolean;
  /** Optional augmentation of each training minibatch, e.g. from composeAugmentations; default null (none). */
  augment: AugmentFn | null;
  /** Samples per forward pass when evaluating the validation data; default 500 (memory, not results, depends on it). */
  validationBatchSize: number;
  /** Run folder whose `checkpoints/` receives checkpoints; default null (no checkpoints). */
  runDir: string | null;
  /** Write a checkpoint every this many `checkpointUnit`s, and always after the last step; 0: only after the last step. Default 1. */
  checkpointEvery: number;
  /** Unit of `checkpointEvery`: 'epoch' or 'step'; default 'epoch'. */
  checkpointUnit: 'epoch' | 'step';
  /** Run folder (or one checkpoint directory) to continue from: its latest checkpoint is loaded before training; default null (fresh start). */
  resume: string | null;
  /**
   * Asks the loop to stop gracefully: once aborted, it stops before the next minibatch,
   * writes a checkpoint when steps were taken since the last one (and `runDir` is set), and
   * completes. Unsubscribing, by contrast, stops at once without a checkpoint. Default null.
   * `stopOnSignals` (./stop-on-signals.ts) aborts one on SIGINT or SIGTERM.
   */
  stop: AbortSignal | null;
}

export const fitDefaults: FitConfig = {
  epochs: 10,
  batchSize: 100,
  seed: 0,
  shuffle: true,
  optimizer: { name: 'adam', learningRate: 1e-3 },
  loss: 'categoricalCrossentropy',
  fromLogits: false,
  augment: null,
  validationBatchSize: 500,
  runDir: null,
  checkpointEvery: 1,
  checkpointUnit: 'epoch',
  resume: null,
  stop: null,
};

const who = 'fit';

/** Merges `partial` over `fitDefaults` and validates every field once. */
export function resolveFitConfig(partial: Partial<FitConfig> = {}): FitConfig {
  const c = resolveConfig(who, fitDefaults, partial);
  checkInteger(who, 'epochs', c.epochs, 1);
  checkInteger(who, 'batchSize', c.batchSize, 1);
  checkInteger(who, 'seed', c.seed, 0);
  checkInteger(who, 'validationBatchSize', c.validationBatchSize, 1);
  checkInteger(who, 'checkpointEvery', c.checkpointEvery, 0);
  checkOneOf(who, 'checkpointUnit', c.checkpointUnit, ['epoch', 'step'] as const);
  if (typeof c.shuffle !== 'boolean') throw new ConfigError(who, 'shuffle', 'a boolean', c.shuffle);
  if (typeof c.fromLogits !== 'boolean') throw new ConfigError(who, 'fromLogits', 'a boolean', c.fromLogits);
  if (c.loss !== 'categoricalCrossentropy' && typeof c.loss !== 'function') {
    throw new ConfigError(who, 'loss', "'categoricalCrossentropy' or a function (targets, outputs) => tf.Scalar", c.loss);
  }
  if (c.augment !== null && typeof c.augment !== 'function') throw new ConfigError(who, 'augment', 'null or a function (batch, seed) => tf.Tensor', c.augment);
  for (const field of ['runDir', 'resume'] as const) {
    const value = c[field];
    if (value !== null && (typeof value !== 'string' || value === '')) throw new ConfigError(who, field, 'null or a non-empty path', value);
  }
  if (c.resume !== null && c.runDir === null) {
    throw new ConfigError(who, 'runDir', 'a run folder when resume is set (the resumed run writes its next checkpoints there)', c.runDir,
      'Pass runDir: the same folder as resume, usually');
  }
  if (c.stop !== null && !(c.stop instanceof AbortSignal)) throw new ConfigError(who, 'stop', 'null or an AbortSignal (new AbortController().signal)', c.stop);
  // Validate the optimizer options now, at the edge, rather than at the first step.
  resolveOptimizerConfig(c.optimizer);
  return c;
}
