/**
 * What the `deeper classify` commands share: the run folder a `classify train` (or
 * `transfer`, or the older trainClassifier of `deeper demo`) run leaves, read back; option parsing; the images a recorded run tests on.
 *
 *   <out>/<dataset>__<model>__<seed>__<unix time>/
 *     config.json            the resolved config, class names, input shape, augmentations
 *     metrics.jsonl          fit's events, then the test score
 *     plots/training.svg     loss and accuracy curves
 *     checkpoints/step-<n>/  model + optimizer + loop state after every epoch (fit)
 *     confusion-matrix.png   test confusion matrix
 *     misclassified.png      the first misclassified test images, predicted / true
 *     result.json            {"test_accuracy", "test_loss", "seconds"}
 */
import type * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, latestCheckpoint, loadModel, openRunFolder } from '@deeper/core';
import { classifierRunData, fashionMnistClassNames, mnistClassNames, resolveTrainImageClassifierConfig, type ClassifierRunData, type TrainImageClassifierConfig } from '@deeper/classify';

/** config.json of a classify run. */
export interface ClassifyRunRecord {
  runId: string;
  kind: 'classify-train' | 'classify-transfer';
  train: TrainImageClassifierConfig;
  classNames: string[];
  inputShape: [number, number, number];
  augment: string[];
}

/**
 * A run of the older trainClassifier (`deeper demo`, experiments/classify-deep-cnn-fashion.ts)
 * read as a classify run: the textbook network on mnist or fashion-mnist, tested on its first
 * `testCount` test images, no validation split, no augmentation.
 */
function fromTrainClassifierRun(config: Record<string, unknown>): ClassifyRunRecord | null {
  const dataset = config.dataset;
  if ((dataset !== 'mnist' && dataset !== 'fashion-mnist') || typeof config.testCount !== 'number' || typeof config.model !== 'object') return null;
  if (dataset === 'mnist' && config.testCount !== 1000) return null;
  const classNames = [...(dataset === 'mnist' ? mnistClassNames : fashionMnistClassNames)];
  const train = resolveTrainImageClassifierConfig({
    dataset, ...(typeof config.dataDir === 'string' ? { dataDir: config.dataDir } : {}), testLimit: dataset === 'mnist' ? null : config.testCount,
    valFraction: 0, model: 'deep-cnn', augment: [], seed: typeof config.seed === 'number' ? config.seed : 0,
  });
  return { runId: String(config.runId), kind: 'classify-train', train, classNames, inputShape: [28, 28, 1], augment: [] };
}

export function readRunRecord(who: string, runDir: string): ClassifyRunRecord {
  const folder = openRunFolder(runDir);
  const older = fromTrainClassifierRun(folder.config);
  if (older !== null) return older;
  const record = folder.config as Partial<ClassifyRunRecord>;
  if ((record.kind !== 'classify-train' && record.kind !== 'classify-transfer') || record.train === undefined || !Array.isArray(record.classNames)) {
    throw new ConfigError(who, '--run', 'a run folder written by `deeper classify train` or `transfer` (config.json with kind, train, classNames)', runDir);
  }
  return record as ClassifyRunRecord;
}

/** The run's model: its last checkpoint's model.json, or the checkpoint named (SeededDropout is registered by importing @deeper/classify). */
export async function loadRunModel(runDir: string, checkpointDir: string | null = null): Promise<{ model: tf.LayersModel; checkpoint: string }> {
  const checkpoint = latestCheckpoint(checkpointDir ?? runDir);
  return { model: await loadModel(checkpoint, { optimizer: false }), checkpoint };
}

/** The images the recorded run trained, validated and tested on. */
export function runDataOf(record: ClassifyRunRecord): ClassifierRunData {
  const data = classifierRunData(resolveTrainImageClassifierConfig({ ...record.train, runDir: null, resume: null }));
  const same = data.classNames.length === record.classNames.length && data.classNames.every((n, i) => n === record.classNames[i]);
  if (!same) throw new ConfigError('classify', 'dataset', `the classes the run was trained on, ${JSON.stringify(record.classNames)}`, data.classNames);
  return data;
}

export function readResult(runDir: string): { test_accuracy: number; test_loss: number; seconds: number } | null {
  const path = join(runDir, 'result.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

export function integerOption(who: string, flag: string, min = 0) {
  return (text: string): number => {
    const n = /^-?\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new ConfigError(who, flag, `an integer ≥ ${min}`, text);
    return n;
  };
}

export function numberOption(who: string, flag: string, min = -Infinity, max = Infinity) {
  return (text: string): number => {
    const n = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(who, flag, `a number in [${min}, ${max}]`, text);
    return n;
  };
}

/** Prints `value` as the command's last line when --json is on. */
export function printJson(value: Record<string, unknown>): void {
  console.log(JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}
