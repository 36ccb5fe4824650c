/**
 * `deeper classify transfer --from RUN|MODEL_DIR --dataset <…> --labels N [--freeze base|none]
 * [--fine-tune-lr LR] [--scratch] [--out DIR] [--json]`: a new head for the new classes on a
 * frozen base, then, with `--freeze none`, everything fine-tuned at a low learning rate
 * (@deeper/classify transferClassifier). `--scratch` trains the same architecture from fresh
 * weights on the same labels, the baseline. Leaves a run folder like `classify train`
 * (eval, predict, export and ensemble read it); `--resume <runDir>` continues a killed run.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { filter, map, tap } from 'rxjs';
import { createRunFolder, lossPlot, metricsJsonl, openRunFolder, progressBar, type TrainEvent } from '@deeper/core';
import { imageShapeOf, resolveTransferClassifierConfig, resolveTrainImageClassifierConfig, transferClassifier, transferData, type EvaluationEvent, type TransferClassifierConfig, type TransferEvent } from '@deeper/classify';
import { useBackend } from '../use-backend';
import { integerOption, numberOption, printJson, readRunRecord, type ClassifyRunRecord } from './classify-run';
import { writeEvaluation } from './classify-train';

const who = 'deeper classify transfer';

export interface ClassifyTransferResult {
  runDir: string;
  evaluation: EvaluationEvent | null;
  seconds: number;
}

export async function runClassifyTransfer(options: { config: Partial<TransferClassifierConfig>; out: string; resume: string | null; progressEvery: number; quiet?: boolean }): Promise<ClassifyTransferResult> {
  const started = performance.now();
  let config: TransferClassifierConfig;
  let folder: { id: string; dir: string; metricsPath: string; plotsDir: string };
  if (options.resume !== null) {
    const record = readRunRecord(who, options.resume) as ClassifyRunRecord & { transfer?: TransferClassifierConfig };
    if (record.kind !== 'classify-transfer' || record.transfer === undefined) throw new Error(`${who} expects --resume to name a transfer run, but ${options.resume} is a ${record.kind} run`);
    folder = openRunFolder(options.resume);
    config = resolveTransferClassifierConfig({ ...record.transfer, runDir: folder.dir, resume: true });
  } else {
    config = resolveTransferClassifierConfig(options.config);
    const { labelled, opened } = transferData(config);
    const kind = config.scratch ? 'scratch' : config.freeze === 'base' ? 'frozen' : 'fine-tuned';
    // What eval, predict, export and ensemble read back: the new data set, with all of its training images as "train".
    const train = resolveTrainImageClassifierConfig({ dataset: config.dataset, dataDir: config.dataDir, testLimit: config.testLimit, valFraction: 0, seed: config.seed, augment: [] });
    const record = { kind: 'classify-transfer', train, transfer: config, classNames: [...opened.classNames], inputShape: imageShapeOf(labelled), augment: [] };
    const task = ['mnist', 'fashion-mnist'].includes(config.dataset) ? config.dataset : (config.dataset.replace(/\/+$/, '').split('/').pop() ?? 'data');
    folder = createRunFolder({ root: options.out, task, expName: `transfer-${kind}-${config.labels}`, seed: config.seed, config: record });
    config = { ...config, runDir: folder.dir };
  }
  if (!options.quiet) {
    console.error(`run ${folder.id}: ${config.scratch ? 'from scratch' : `from ${config.from}`} on ${config.labels} labelled ${config.dataset} images, freeze ${config.freeze}, ` +
      `${config.epochs} + ${config.freeze === 'none' ? config.fineTuneEpochs : 0} epochs, lr ${config.learningRate} then ${config.fineTuneLearningRate}, seed ${config.seed}`);
  }
  const plot = lossPlot(folder.plotsDir, folder.id);
  let evaluation: EvaluationEvent | null = null;
  await new Promise<void>((resolve, reject) => {
    transferClassifier(config).pipe(
      tap((e: TransferEvent) => {
        if (e.type === 'evaluation') evaluation = e;
      }),
      filter((e): e is TransferEvent & TrainEvent => e.type !== 'evaluation'),
      map((e) => e as TrainEvent),
      tap(metricsJsonl(folder.metricsPath)),
      tap(progressBar(options.quiet ? { stream: { write: () => true }, tty: false } : { everySteps: options.progressEvery })),
      tap(plot),
    ).subscribe({ error: reject, complete: () => resolve() });
  });
  await plot.flush();
  const seconds = (performance.now() - started) / 1000;
  if (evaluation !== null) {
    const { test } = transferData(config);
    const data = { test, classNames: test.classNames } as Parameters<typeof writeEvaluation>[2];
    writeEvaluation(folder.dir, folder.metricsPath, data, evaluation, seconds, `transfer to ${config.dataset}, ${config.labels} labels`);
  }
  writeFileSync(`${folder.dir}/transfer.json`, `${JSON.stringify({ from: config.from, labels: config.labels, freeze: config.freeze, scratch: config.scratch })}\n`);
  return { runDir: folder.dir, evaluation, seconds };
}

export function register(classify: Command): void {
  classify
    .command('transfer')
    .description('fine-tune a trained network (a run or a TensorFlow.js model directory) on a few labels of another dataset')
    .option('--from <dir>', 'classify run folder or model directory (model.json + weight shards)')
    .option('--dataset <name|dir>', 'the new dataset: mnist, fashion-mnist or a folder')
    .option('--data-dir <dir>', "fashion-mnist: the folder of its IDX files (default Debian's)")
    .option('--labels <n>', 'labelled training images, drawn class-balanced', integerOption(who, '--labels', 1), 100)
    .option('--freeze <what>', "'base': train the new head only; 'none': then fine-tune everything", 'base')
    .option('--epochs <n>', 'epochs of the head phase', integerOption(who, '--epochs', 1), 20)
    .option('--fine-tune-epochs <n>', 'epochs of the fine-tuning phase (--freeze none)', integerOption(who, '--fine-tune-epochs', 1), 10)
    .option('--lr <x>', "the head's learning rate", numberOption(who, '--lr', 0), 1e-3)
    .option('--fine-tune-lr <x>', 'the learning rate while fine-tuning', numberOption(who, '--fine-tune-lr', 0), 1e-4)
    .option('--batch-size <n>', 'images per step', integerOption(who, '--batch-size', 1), 50)
    .option('--test-limit <n>', 'test images used', integerOption(who, '--test-limit', 1))
    .option('--scratch', 'train the same architecture from fresh weights instead (the baseline)')
    .option('--seed <n>', 'seed of the label draw, head weights and order', integerOption(who, '--seed', 0), 0)
    .option('--out <dir>', 'folder that receives the run folder', 'runs')
    .option('--resume <runDir>', 'continue this transfer run from its latest checkpoint')
    .option('--progress-every <n>', 'steps between progress lines when not on a terminal', integerOption(who, '--progress-every', 1), 20)
    .option('--json', 'print {"test_accuracy","test_loss","seconds","run"} as the last line')
    .action(async (opts: Record<string, unknown>, command: Command) => {
      await useBackend(command);
      const resume = (opts.resume as string | undefined) ?? null;
      if (resume === null && (opts.from === undefined || opts.dataset === undefined)) throw new Error(`${who} expects --from and --dataset (or --resume <runDir>)`);
      const result = await runClassifyTransfer({
        config: {
          from: opts.from as string, dataset: opts.dataset as string, ...(opts.dataDir ? { dataDir: opts.dataDir as string } : {}), labels: opts.labels as number,
          freeze: opts.freeze as 'base' | 'none', epochs: opts.epochs as number, fineTuneEpochs: opts.fineTuneEpochs as number, learningRate: opts.lr as number,
          fineTuneLearningRate: opts.fineTuneLr as number, batchSize: opts.batchSize as number, testLimit: (opts.testLimit as number | undefined) ?? null,
          scratch: opts.scratch === true, seed: opts.seed as number,
        },
        out: opts.out as string, resume, progressEvery: opts.progressEvery as number,
      });
      const e = result.evaluation as EvaluationEvent | null;
      if (e === null) return;
      console.log(`test accuracy: ${(100 * e.accuracy).toFixed(2)} % on ${e.count} images (loss ${e.loss.toFixed(4)}) in ${result.seconds.toFixed(1)} s`);
      console.log(`run folder: ${result.runDir}`);
      if (opts.json) printJson({ test_accuracy: e.accuracy, test_loss: e.loss, seconds: result.seconds, run: result.runDir });
    });
}
