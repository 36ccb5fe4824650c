/**
 * `deeper vision segment train|eval|predict`: FCN-8s (@deeper/vision) on any segmentation
 * folder in the standard format (DIR/classes.json, DIR/{train,test}/{images,masks}/*.png).
 *
 *   train   --data DIR --out RUN [--epochs N] [--seed S] [--batch-size B] [--learning-rate η] [--limit N] [--resume] [--json]
 *           [--filters F1,…,F5] [--fc-filters N] [--output-stride 32|16|8|4|2] [--no-batch-norm] [--learn-final-upsampling]
 *           trains on DIR/train, evaluates DIR/test after every epoch; RUN becomes a run folder
 *           (config.json, metrics.jsonl, plots/training.svg, checkpoints/step-<n>/);
 *           `--resume` continues RUN from its last checkpoint with its recorded config.
 *   eval    --run RUN --data DIR [--json]: the last checkpoint of RUN on DIR/test.
 *   predict --run RUN --image x.png: writes x.mask.png beside it, one colour per class.
 *
 * With --json the last line printed is {"mean_iou", "mean_iou_with_background", "pixel_accuracy"}
 * on the test split.
 */
import type { Command } from 'commander';
import { interruptedLine, runUntilSignal, type UntilSignalResult } from './until-signal';
import { appendFileSync, existsSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { filter, tap } from 'rxjs';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, latestCheckpoint, loadModel, lossPlot, metricsJsonl, openRunFolder, progressBar, writeFileAtomic, type TrainEvent } from '@deeper/core';
import {
  evaluateSegmentation, fcn8s, predictMasks, readImagePng, readSegmentationFolder, resolveFcn8sConfig, resolveTrainSegmentationConfig, trainSegmentation, writePng,
  type Fcn8sConfig, type SegmentationEvaluation, type SegmentationEvent, type TrainSegmentationConfig,
} from '@deeper/vision';
import { useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';
import { declareVisionTrainOptions, parseVisionTrainOptions, type VisionTrainOptions } from './vision-train-options';

/** What a segmentation run records in its config.json. */
export interface SegmentRunConfig {
  task: 'segment';
  data: string;
  /** Training images used (the first ones, by file name); null: all. */
  limit: number | null;
  model: Fcn8sConfig;
  train: Omit<TrainSegmentationConfig, 'runDir' | 'resume'>;
}

/** The task's metrics line, as the issue names them. */
export function segmentMetricsJson(e: SegmentationEvaluation): { mean_iou: number; mean_iou_with_background: number; pixel_accuracy: number } {
  return { mean_iou: e.meanIou, mean_iou_with_background: e.meanIouWithBackground, pixel_accuracy: e.pixelAccuracy };
}

const isTrainEvent = (e: SegmentationEvent): e is TrainEvent => e.type !== 'segmentation-eval';

export interface SegmentTrainOptions extends VisionTrainOptions {
  /** Model changes from fcn8sDefaults (filters, fcFilters, batchNorm, outputStride, learnFinalUpsampling); default none. */
  model?: Partial<Pick<Fcn8sConfig, 'filters' | 'fcFilters' | 'batchNorm' | 'outputStride' | 'learnFinalUpsampling'>>;
}

/** Trains (or resumes) a run; resolves with the test-split evaluation of the final model. */
export async function runSegmentTrain(o: SegmentTrainOptions): Promise<{ runDir: string; test: SegmentationEvaluation | null; seconds: number } & UntilSignalResult> {
  const started = performance.now();
  let config: SegmentRunConfig;
  if (o.resume) {
    const recorded = openRunFolder(o.out).config as unknown as SegmentRunConfig;
    config = { ...recorded, train: { ...recorded.train, ...(o.epochs === null ? {} : { epochs: o.epochs }) } };
  } else {
    if (existsSync(join(o.out, 'config.json'))) throw new ConfigError('deeper vision segment train', '--out', 'a new run folder (or pass --resume to continue this one)', o.out);
    const train = readSegmentationFolder(o.data, 'train', o.limit);
    const model = resolveFcn8sConfig({ ...o.model, classes: train.classNames.length, inputShape: [train.height, train.width, train.channels], seed: o.seed });
    const { runDir: _r, resume: _s, ...trainConfig } = resolveTrainSegmentationConfig({ epochs: o.epochs ?? 10, seed: o.seed, batchSize: o.batchSize, learningRate: o.learningRate, lrSchedule: o.lrSchedule, clipNorm: o.clipNorm ?? null });
    config = { task: 'segment', data: o.data, limit: o.limit, model, train: trainConfig };
    writeFileAtomic(join(o.out, 'config.json'), `${JSON.stringify({ runId: basename(o.out), ...config }, null, 2)}\n`);
  }
  const folder = openRunFolder(o.out);
  const train = readSegmentationFolder(config.data, 'train', config.limit);
  const test = readSegmentationFolder(config.data, 'test');
  const model = fcn8s(config.model);
  console.error(`run ${folder.dir}: FCN-${config.model.outputStride ?? 8}s (${model.countParams()} parameters) on ${train.count} training and ${test.count} test images of ${config.data}, ${config.train.epochs} epochs, batch ${config.train.batchSize}, seed ${config.train.seed}`);
  const plot = lossPlot(folder.plotsDir, folder.id);
  try {
    const ended = await runUntilSignal((stop) => trainSegmentation(model, { train, test }, { ...config.train, runDir: folder.dir, resume: o.resume ? folder.dir : null }, { stop }).pipe(
        tap((e) => {
          if (e.type !== 'segmentation-eval') return;
          appendFileSync(folder.metricsPath, `${JSON.stringify({ time: Date.now() / 1000, type: e.type, step: e.step, epoch: e.epoch, 'charts/mean_iou': e.meanIou, 'charts/mean_iou_with_background': e.meanIouWithBackground, 'charts/pixel_accuracy': e.pixelAccuracy, iou_per_class: e.iouPerClass })}\n`);
          console.error(`epoch ${e.epoch + 1} test: mean IoU ${e.meanIou.toFixed(4)} (with background ${e.meanIouWithBackground.toFixed(4)}), pixel accuracy ${e.pixelAccuracy.toFixed(4)}`);
        }),
        filter(isTrainEvent),
        tap(metricsJsonl(folder.metricsPath)),
        tap(progressBar({ everySteps: o.progressEvery })),
        tap(plot),
    ));
    await plot.flush();
    return { ...ended, runDir: folder.dir, test: ended.interrupted ? null : evaluateSegmentation(model, test, config.train.evalBatchSize), seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

/** The last checkpoint's model of run `run`. */
export async function loadSegmentModel(run: string): Promise<tf.LayersModel> {
  return loadModel(latestCheckpoint(run), { optimizer: false });
}

/** Predicts the mask of `imagePath` with run `run`'s last checkpoint; writes `<name>.mask.png` beside it and returns its path. */
export async function runSegmentPredict(run: string, imagePath: string): Promise<string> {
  const model = await loadSegmentModel(run);
  try {
    const image = readImagePng(imagePath);
    const [, h, w, c] = model.inputs[0].shape as number[];
    if (image.height !== h || image.width !== w || image.channels !== c) {
      throw new ConfigError('deeper vision segment predict', '--image', `a ${w}×${h} PNG with ${c} channel(s), as the run was trained on`, `${imagePath} (${image.width}×${image.height}, ${image.channels})`);
    }
    const x = tf.tidy(() => tf.div(tf.tensor4d(image.data, [1, h, w, c], 'float32'), 255) as tf.Tensor4D);
    const mask = predictMasks(model, x);
    x.dispose();
    const rgb = new Uint8Array(mask.length * 3);
    mask.forEach((k, p) => rgb.set(classColour(k), p * 3));
    const out = join(dirname(imagePath), `${basename(imagePath).replace(/\.png$/i, '')}.mask.png`);
    writePng(out, { width: w, height: h, channels: 3, data: rgb });
    return out;
  } finally {
    model.dispose();
  }
}

/** Colours of the classes in predicted masks: black background, then well-separated hues. */
export function classColour(k: number): [number, number, number] {
  if (k === 0) return [0, 0, 0];
  const hue = ((k - 1) * 137.508) % 360;
  const f = (n: number) => {
    const a = (n + hue / 30) % 12;
    return Math.round(255 * (0.5 - 0.5 * Math.max(-1, Math.min(a - 3, 9 - a, 1))));
  };
  return [f(0), f(8), f(4)];
}

function outputStrideOption(who: string, value: unknown): Fcn8sConfig['outputStride'] {
  const stride = Number(value);
  if (stride !== 32 && stride !== 16 && stride !== 8 && stride !== 4 && stride !== 2) throw new ConfigError(who, '--output-stride', 'one of 32, 16, 8, 4, 2', value);
  return stride;
}

export function register(vision: Command): void {
  const segment = vision.command('segment').description('FCN-8s semantic segmentation: train, eval, predict');
  declareVisionTrainOptions(
    segment.command('train').description('train FCN-8s on DIR/train, evaluating DIR/test after every epoch'),
    { data: 'segmentation folder (classes.json, train/, test/)', samples: 'images', batchSize: 16 },
    (c) => c
      .option('--filters <list>', 'filters of the five VGG stages, comma-separated (default 16,32,64,128,128)')
      .option('--fc-filters <n>', 'channels of fc6 and fc7 (default 256)')
      .option('--output-stride <n>', 'finest fused score map: 32, 16, 8 (FCN-8s, default), 4 or 2 (skips from pool2 and pool1 too)')
      .option('--no-batch-norm', 'no batch norm after the convolutions')
      .option('--learn-final-upsampling', 'let the final upsampling learn from its bilinear start (the reference FCN-8s keeps it fixed)'),
  )
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const who = 'deeper vision segment train';
      const filters = opts.filters === undefined ? undefined : String(opts.filters).split(',').map((f) => parseIntegerOption(who, '--filters', f, 1));
      if (filters !== undefined && filters.length !== 5) throw new ConfigError(who, '--filters', 'five comma-separated positive integers', opts.filters);
      const result = await runSegmentTrain({
        ...parseVisionTrainOptions(who, opts),
        model: {
          ...(filters ? { filters: filters as Fcn8sConfig['filters'] } : {}),
          ...(opts.fcFilters === undefined ? {} : { fcFilters: parseIntegerOption(who, '--fc-filters', String(opts.fcFilters), 1) }),
          ...(opts.outputStride === undefined ? {} : { outputStride: outputStrideOption(who, opts.outputStride) }),
          ...(opts.batchNorm === false ? { batchNorm: false } : {}),
          ...(opts.learnFinalUpsampling === true ? { learnFinalUpsampling: true } : {}),
        },
      });
      if (result.test === null) {
        console.log(interruptedLine(result.lastCheckpoint, `deeper vision segment train --data ${String(opts.data)} --out ${result.runDir} --resume`));
        return;
      }
      console.log(`test: mean IoU ${result.test.meanIou.toFixed(4)}, with background ${result.test.meanIouWithBackground.toFixed(4)}, pixel accuracy ${result.test.pixelAccuracy.toFixed(4)} on ${result.test.count} images; ${result.seconds.toFixed(1)} s; run folder ${result.runDir}`);
      if (opts.json) console.log(JSON.stringify(segmentMetricsJson(result.test)));
    });
  segment
    .command('eval')
    .description("evaluate a run's last checkpoint on DIR/test")
    .requiredOption('--run <run>', 'run folder written by segment train')
    .requiredOption('--data <dir>', 'segmentation folder')
    .option('--json', 'print the metrics as the last line, in JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const model = await loadSegmentModel(String(opts.run));
      try {
        const result = evaluateSegmentation(model, readSegmentationFolder(String(opts.data), 'test'));
        console.log(`mean IoU ${result.meanIou.toFixed(4)}, with background ${result.meanIouWithBackground.toFixed(4)}, pixel accuracy ${result.pixelAccuracy.toFixed(4)} on ${result.count} images; IoU per class ${result.iouPerClass.map((v) => (v === null ? '–' : v.toFixed(3))).join(' ')}`);
        if (opts.json) console.log(JSON.stringify(segmentMetricsJson(result)));
      } finally {
        model.dispose();
      }
    });
  segment
    .command('predict')
    .description('write a colour-coded mask PNG beside an image')
    .requiredOption('--run <run>', 'run folder written by segment train')
    .requiredOption('--image <png>', 'image of the size the run was trained on')
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      await useBackend(command);
      console.log(await runSegmentPredict(String(opts.run), String(opts.image)));
    });
}
