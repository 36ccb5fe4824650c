/**
 * `deeper classify train --model <name> --dataset <mnist|fashion-mnist|dir> [--epochs N]
 * [--limit N] [--augment <list|none>] [--lr-schedule <name>] [--seed S] [--out DIR] [--json]`:
 * trains a registered classifier with a progress bar, leaves a run folder (see
 * ./classify-run.ts) and prints the test accuracy; `--resume <runDir>` continues a killed
 * run from its last checkpoint with its recorded config (`--epochs` may raise the count).
 * With --json the last line is {"test_accuracy", "test_loss", "seconds", "run"}.
 */
import type { Command } from 'commander';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filter, tap } from 'rxjs';
import { createRunFolder, lossPlot, metricsJsonl, openRunFolder, progressBar, scheduleNames, type TrainEvent } from '@deeper/core';
import {
  augmentationNames, isAugmentationName, classifierModelNames, classifierRunData, confusionMatrixImage, misclassifiedGridImage, resolveTrainImageClassifierConfig, trainImageClassifier,
  type ClassifierRunData, type EvaluationEvent, type ImageClassifierEvent, type TrainImageClassifierConfig,
} from '@deeper/classify';
import { useBackend } from '../use-backend';
import { interruptedLine, runUntilSignal } from './until-signal';
import { integerOption, numberOption, printJson, readRunRecord, runDataOf, type ClassifyRunRecord } from './classify-run';

const who = 'deeper classify train';

export interface ClassifyTrainResult {
  runDir: string;
  evaluation: EvaluationEvent | null;
  /** Whether SIGINT or SIGTERM stopped it (after a checkpoint; the test was skipped). */
  interrupted: boolean;
  seconds: number;
  /** The newest checkpoint this process wrote, if any. */
  lastCheckpoint: string | null;
}

/** Writes the test score, its PNGs and result.json into the run folder. */
export function writeEvaluation(runDir: string, metricsPath: string, data: ClassifierRunData, e: EvaluationEvent, seconds: number, title: string): void {
  appendFileSync(metricsPath, `${JSON.stringify({ time: Date.now() / 1000, type: 'test', step: e.step, epoch: e.epoch, 'losses/test_loss': e.loss, 'charts/test_accuracy': e.accuracy, count: e.count })}\n`);
  confusionMatrixImage(e.confusion, data.classNames, `${title}: test accuracy ${(100 * e.accuracy).toFixed(2)} %`).writePng(join(runDir, 'confusion-matrix.png'));
  misclassifiedGridImage(data.test, e.predicted, {}, title).writePng(join(runDir, 'misclassified.png'));
  writeFileSync(join(runDir, 'result.json'), `${JSON.stringify({ test_accuracy: e.accuracy, test_loss: e.loss, count: e.count, seconds })}\n`);
}

/** Runs training to the test score; resolves when done or interrupted by Ctrl-C. */
export async function runClassifyTrain(options: { config: Partial<TrainImageClassifierConfig>; out: string; resume: string | null; epochs: number | null; progressEvery: number }): Promise<ClassifyTrainResult> {
  const started = performance.now();
  let config: TrainImageClassifierConfig;
  let data: ClassifierRunData;
  let folder: { id: string; dir: string; metricsPath: string; plotsDir: string };
  if (options.resume !== null) {
    const record: ClassifyRunRecord = readRunRecord(who, options.resume);
    if (record.kind !== 'classify-train') throw new Error(`${who} expects --resume to name a run of classify train, but ${options.resume} is a ${record.kind} run; resume it with its own command`);
    folder = openRunFolder(options.resume);
    config = resolveTrainImageClassifierConfig({ ...record.train, ...(options.epochs === null ? {} : { epochs: options.epochs }), runDir: folder.dir, resume: folder.dir });
    data = runDataOf(record);
  } else {
    config = resolveTrainImageClassifierConfig(options.config);
    data = classifierRunData(config);
    const task = ['mnist', 'fashion-mnist'].includes(config.dataset) ? config.dataset : (config.dataset.replace(/\/+$/, '').split('/').pop() ?? 'data');
    const record: Omit<ClassifyRunRecord, 'runId'> = { kind: 'classify-train', train: config, classNames: [...data.classNames], inputShape: data.inputShape, augment: data.augment };
    const created = createRunFolder({ root: options.out, task, expName: config.model, seed: config.seed, config: { ...record } });
    folder = created;
    config = { ...config, runDir: created.dir };
  }
  console.error(`run ${folder.id}: ${config.model} on ${config.dataset} (${data.train.count} training, ${data.validation?.count ?? 0} validation, ${data.test.count} test images, ` +
    `${data.inputShape.join('×')}), ${config.epochs} epochs, batch ${config.batchSize}, ${config.optimizer} lr ${config.learningRate} ${config.lrSchedule}, ` +
    `augment ${data.augment.join(',') || 'none'}, seed ${config.seed}`);
  const plot = lossPlot(folder.plotsDir, folder.id);
  let evaluation: EvaluationEvent | null = null;
  const { interrupted, lastCheckpoint } = await runUntilSignal((stop) => trainImageClassifier(config, data, undefined, { stop }).pipe(
    tap((e: ImageClassifierEvent) => {
      if (e.type === 'evaluation') evaluation = e;
    }),
    filter((e): e is TrainEvent => e.type !== 'evaluation'),
    tap(metricsJsonl(folder.metricsPath)),
    tap(progressBar({ everySteps: options.progressEvery })),
    tap(plot),
  ));
  await plot.flush();
  const seconds = (performance.now() - started) / 1000;
  if (evaluation !== null) writeEvaluation(folder.dir, folder.metricsPath, data, evaluation, seconds, `${config.model} on ${config.dataset}`);
  return { runDir: folder.dir, evaluation, interrupted, seconds, lastCheckpoint };
}

/** 'default' stays the string 'default' (commander turns a parser's null into ''); the action maps it to null. */
function listOption(names: readonly string[], flag: string, accepts: (name: string) => boolean = (name) => names.includes(name)) {
  return (text: string): string[] | 'default' => {
    if (text === 'default') return 'default';
    if (text === 'none') return [];
    const list = text.split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of list) if (!accepts(name)) throw new Error(`${who} expects ${flag} to list names among ${names.join(', ')} (or 'none', 'default'), but received ${JSON.stringify(name)}`);
    return list;
  };
}

export function register(classify: Command): void {
  classify
    .command('train')
    .description('train a registered model on a dataset, print the test accuracy, leave a run folder')
    .option('--model <name>', `model: ${classifierModelNames.join(', ')}`, 'deep-cnn')
    .option('--dataset <name|dir>', 'mnist, fashion-mnist, or a folder of IDX files, CIFAR-10 binary batches or class folders of PNGs', 'fashion-mnist')
    .option('--data-dir <dir>', 'fashion-mnist: the folder of its IDX files (default Debian\'s)')
    .option('--epochs <n>', 'passes over the training images', integerOption(who, '--epochs', 1))
    .option('--limit <n>', 'training images used (before the validation split)', integerOption(who, '--limit', 1))
    .option('--test-limit <n>', 'test images used', integerOption(who, '--test-limit', 1))
    .option('--val-fraction <x>', 'fraction of each class of the training images held out for validation', numberOption(who, '--val-fraction', 0, 0.99), 0.1)
    .option('--augment <list>', `comma-separated among ${augmentationNames.join(', ')}, crop:N (N pixels of padding); 'none'; 'default': what fits the dataset (no flips for digits)`, listOption([...augmentationNames, 'crop:N'], '--augment', isAugmentationName), null)
    .option('--lr <x>', 'base learning rate', numberOption(who, '--lr', 0), 1e-3)
    .option('--lr-schedule <name>', `learning-rate schedule: ${scheduleNames.join(', ')}`, 'constant')
    .option('--optimizer <name>', 'adam, sgd, momentum, nesterov, adagrad or rmsprop', 'adam')
    .option('--weight-decay <x>', 'L2 weight decay', numberOption(who, '--weight-decay', 0), 0)
    .option('--batch-size <n>', 'images per step', integerOption(who, '--batch-size', 1), 100)
    .option('--dropout <rate>', 'dropout rate of models that have dropout', numberOption(who, '--dropout', 0, 0.99))
    .option('--resize', 'image folders: resize images of another size instead of refusing them')
    .option('--seed <n>', 'seed of weights, splits, order and augmentation', integerOption(who, '--seed', 0), 0)
    .option('--out <dir>', 'folder that receives the run folder', 'runs')
    .option('--resume <runDir>', 'continue this run folder from its last checkpoint')
    .option('--progress-every <n>', 'steps between progress lines when not on a terminal', integerOption(who, '--progress-every', 1), 50)
    .option('--json', 'print {"test_accuracy","test_loss","seconds","run"} as the last line')
    .action(async (opts: Record<string, unknown>, command: Command) => {
      await useBackend(command);
      const given = (name: string) => command.getOptionValueSource(name) === 'cli';
      const config: Partial<TrainImageClassifierConfig> = {
        model: opts.model as string, dataset: opts.dataset as string, ...(opts.dataDir ? { dataDir: opts.dataDir as string } : {}),
        ...(opts.epochs !== undefined ? { epochs: opts.epochs as number } : {}), limit: (opts.limit as number | undefined) ?? null, testLimit: (opts.testLimit as number | undefined) ?? null,
        valFraction: opts.valFraction as number, augment: opts.augment === 'default' || opts.augment === null ? null : (opts.augment as string[]), learningRate: opts.lr as number, lrSchedule: opts.lrSchedule as TrainImageClassifierConfig['lrSchedule'],
        optimizer: opts.optimizer as TrainImageClassifierConfig['optimizer'], weightDecay: opts.weightDecay as number, batchSize: opts.batchSize as number,
        modelOptions: opts.dropout !== undefined ? { dropout: opts.dropout } : {}, resize: opts.resize === true, seed: opts.seed as number,
      };
      const result = await runClassifyTrain({
        config, out: opts.out as string, resume: (opts.resume as string | undefined) ?? null, epochs: given('epochs') ? (opts.epochs as number) : null, progressEvery: opts.progressEvery as number,
      });
      if (result.interrupted) {
        console.log(interruptedLine(result.lastCheckpoint, `deeper classify train --resume ${result.runDir}`));
        return;
      }
      const e = result.evaluation as EvaluationEvent | null;
      if (e === null) return;
      console.log(`test accuracy: ${(100 * e.accuracy).toFixed(2)} % on ${e.count} images (loss ${e.loss.toFixed(4)}) in ${result.seconds.toFixed(1)} s`);
      console.log(`run folder: ${result.runDir} (confusion-matrix.png, misclassified.png, plots/training.svg)`);
      if (opts.json) printJson({ test_accuracy: e.accuracy, test_loss: e.loss, seconds: result.seconds, run: result.runDir });
    });
}
