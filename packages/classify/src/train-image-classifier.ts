/**
 * Trains a registered classifier on a dataset named on a command line (a name or a folder;
 * see openDataset) with `fit`, then scores it on the test images: a cold Observable of fit's
 * events followed by one `evaluation` event with accuracy, loss, every prediction and the
 * confusion matrix. The validation set is a stratified seeded `valFraction` of the training
 * images (never the test images); augmentations default to what fits the data
 * (defaultAugmentationNames). With `runDir` every epoch is checkpointed, and `resume`
 * continues from the run folder's latest checkpoint, as fit does.
 */
import type * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, ConfigError, fit, resolveConfig, scheduleNames, type FitConfig, type OptimizerName, type ScheduleName, type TrainEvent } from '@deeper/core';
import { concat, defer, finalize, from, map, of, tap, type Observable } from 'rxjs';
import { buildAugmentation, checkAugmentationNames, defaultAugmentationNames } from './classifier-augmentation';
import { imageShapeOf, type ImageDataset } from './datasets/image-dataset';
import { openDataset, type OpenedDataset } from './datasets/open-dataset';
import { splitDataset } from './datasets/split-dataset';
import { runSchedule } from './run-schedule';
import { evaluateClassifier } from './evaluate-classifier';
import { buildClassifier, classifierModelNames } from './models/model-registry';
import type { TrainClassifierRuntime } from './train-classifier';

export interface TrainImageClassifierConfig {
  /** 'mnist', 'fashion-mnist' or a folder (IDX, CIFAR-10 binary, PNG class folders); default 'fashion-mnist'. */
  dataset: string;
  /** Fashion-MNIST's IDX folder; null (default): Debian's. */
  dataDir: string | null;
  /** Training images used (before the validation split); null: all (default). */
  limit: number | null;
  /** Test images used; null: all (default). */
  testLimit: number | null;
  /** Image folders: resize images of another size instead of refusing them; default false. */
  resize: boolean;
  /** Fraction of each class of the training images held out for validation after every epoch, [0, 1); 0: none. Default 0.1. */
  valFraction: number;
  /** Registered model name (`deeper classify models`); default 'deep-cnn'. */
  model: string;
  /** Extra fields of the model's config, e.g. { dropout: 0.2 }; default {}. */
  modelOptions: Record<string, unknown>;
  /** Passes over the training images; default 10. */
  epochs: number;
  /** Images per optimizer step; default 100 (Saito, ch. 8). */
  batchSize: number;
  /** Optimizer; default 'adam' (Kingma & Ba 2015, Saito ch. 8). */
  optimizer: OptimizerName;
  /** Base learning rate; default 1e-3 (Adam's, Saito ch. 8). */
  learningRate: number;
  /** Learning-rate schedule over the run: 'constant' (default), 'cosine' (to 0 at the last step, Loshchilov & Hutter 2017), 'linear' (to 0 at the last step in a straight line), 'step' (×0.1 after each third of the run, the shape of He et al. 2016's decays at 32k and 48k of 64k steps) or 'exponential'. */
  lrSchedule: ScheduleName;
  /** L2 weight decay (coupled, as PyTorch's weight_decay); default 0. */
  weightDecay: number;
  /** Augmentation names, in order; null (default): the dataset's defaults (defaultAugmentationNames); [] for none. */
  augment: string[] | null;
  /** Seed of weights, dropout, splits, minibatch order and augmentation; default 0. */
  seed: number;
  /** Run folder receiving checkpoints; default null. */
  runDir: string | null;
  /** Run folder to resume; default null. */
  resume: string | null;
}

export const trainImageClassifierDefaults: TrainImageClassifierConfig = {
  dataset: 'fashion-mnist', dataDir: null, limit: null, testLimit: null, resize: false, valFraction: 0.1, model: 'deep-cnn', modelOptions: {},
  epochs: 10, batchSize: 100, optimizer: 'adam', learningRate: 1e-3, lrSchedule: 'constant', weightDecay: 0, augment: null, seed: 0, runDir: null, resume: null,
};

/** The test-set score after training. */
export interface EvaluationEvent {
  type: 'evaluation';
  epoch: number;
  step: number;
  accuracy: number;
  loss: number;
  count: number;
  /** Predicted class of each test image. */
  predicted: number[];
  /** confusion[true][predicted]. */
  confusion: number[][];
}

export type ImageClassifierEvent = TrainEvent | EvaluationEvent;

const who = 'trainImageClassifier';

export function resolveTrainImageClassifierConfig(partial: Partial<TrainImageClassifierConfig> = {}): TrainImageClassifierConfig {
  const c = resolveConfig(who, trainImageClassifierDefaults, partial);
  if (typeof c.dataset !== 'string' || c.dataset === '') throw new ConfigError(who, 'dataset', '"mnist", "fashion-mnist" or a folder', c.dataset);
  if (c.limit !== null) checkInteger(who, 'limit', c.limit, 1);
  if (c.testLimit !== null) checkInteger(who, 'testLimit', c.testLimit, 1);
  checkNumber(who, 'valFraction', c.valFraction, 0, 1);
  if (c.valFraction >= 1) throw new ConfigError(who, 'valFraction', 'a fraction in [0, 1)', c.valFraction);
  checkOneOf(who, 'model', c.model, classifierModelNames);
  checkInteger(who, 'epochs', c.epochs, 1);
  checkInteger(who, 'batchSize', c.batchSize, 1);
  checkNumber(who, 'learningRate', c.learningRate, 0, Infinity, true);
  checkOneOf(who, 'lrSchedule', c.lrSchedule, scheduleNames);
  checkNumber(who, 'weightDecay', c.weightDecay, 0);
  if (c.augment !== null) {
    if (!Array.isArray(c.augment)) throw new ConfigError(who, 'augment', 'null or a list of augmentation names', c.augment);
    checkAugmentationNames(who, 'augment', c.augment);
  }
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** The images a run trains, validates and tests on, and the augmentations it uses. */
export interface ClassifierRunData {
  opened: OpenedDataset;
  train: ImageDataset;
  validation: ImageDataset | null;
  test: ImageDataset;
  inputShape: [number, number, number];
  classNames: readonly string[];
  augment: string[];
}

export function classifierRunData(c: TrainImageClassifierConfig): ClassifierRunData {
  const opened = openDataset(c.dataset, { ...(c.dataDir === null ? {} : { dataDir: c.dataDir }), limit: c.limit, testLimit: c.testLimit, resize: c.resize, seed: c.seed });
  let train = opened.train;
  let validation: ImageDataset | null = null;
  if (c.valFraction > 0) ({ kept: train, held: validation } = splitDataset(opened.train, { fraction: c.valFraction, seed: c.seed }));
  return {
    opened, train, validation, test: opened.test, inputShape: imageShapeOf(opened.train), classNames: opened.classNames,
    augment: c.augment ?? defaultAugmentationNames(opened.format),
  };
}

/** fit's config for a run of `c` over `trainCount` images. */
export function fitConfigFor(c: TrainImageClassifierConfig, trainCount: number, augment: string[], height: number): Partial<FitConfig> {
  const schedule = runSchedule(c.lrSchedule, c.epochs * Math.ceil(trainCount / c.batchSize));
  return {
    epochs: c.epochs, batchSize: c.batchSize, seed: c.seed, augment: buildAugmentation(augment, height),
    optimizer: { name: c.optimizer, learningRate: c.learningRate, weightDecay: c.weightDecay, schedule },
    runDir: c.runDir, resume: c.resume, checkpointEvery: 1, checkpointUnit: 'epoch',
  };
}

/**
 * Trains and tests; `data` may be passed when the caller has loaded it already. The model is
 * disposed when the stream ends. Aborting `runtime.stop` stops before the next minibatch,
 * after a checkpoint of the steps taken since the last one, and skips the test.
 */
export function trainImageClassifier(
  partial: Partial<TrainImageClassifierConfig> = {}, data?: ClassifierRunData, onModel?: (model: tf.LayersModel) => void, runtime: TrainClassifierRuntime = {},
): Observable<ImageClassifierEvent> {
  const c = resolveTrainImageClassifierConfig(partial);
  return defer(() => {
    const d = data ?? classifierRunData(c);
    const model = buildClassifier(c.model, { inputShape: d.inputShape, classes: d.classNames.length, seed: c.seed }, c.modelOptions);
    onModel?.(model);
    let last = { epoch: 0, step: 0 };
    const fitData = { x: d.train.images, y: d.train.labels, sampleShape: d.inputShape, ...(d.validation ? { validation: { x: d.validation.images, y: d.validation.labels, sampleShape: d.inputShape } } : {}) };
    const training = fit(model, fitData, { ...fitConfigFor(c, d.train.count, d.augment, d.inputShape[0]), stop: runtime.stop ?? null }).pipe(tap((e) => (last = { epoch: e.epoch, step: e.step })));
    const testing = defer(() => {
      if (runtime.stop?.aborted) return of<ImageClassifierEvent>();
      return from(evaluateClassifier(model, d.test)).pipe(
        map(({ accuracy, loss, count, predicted, confusion }): ImageClassifierEvent => ({ type: 'evaluation', ...last, accuracy, loss, count, predicted, confusion })),
      );
    });
    return concat(training, testing).pipe(finalize(() => model.dispose()));
  });
}
