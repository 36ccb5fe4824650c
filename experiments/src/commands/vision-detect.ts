/**
 * `deeper vision detect train|eval|predict`: the single-shot detector (@deeper/vision) on any
 * COCO-style detection folder (DIR/images/*.png, DIR/{train,test}.json).
 *
 *   train   --data DIR --out RUN [--epochs N] [--seed S] [--batch-size B] [--learning-rate η] [--limit N] [--resume] [--json]
 *   eval    --run RUN --data DIR [--json]: the last checkpoint of RUN on DIR/test.json.
 *   predict --run RUN --image x.png [--min-score s]: writes x.boxes.png beside it (a box per
 *           detection, coloured by class) and prints one line per detection: class, score, box.
 *
 * With --json the last line printed is {"map50": …} on the test split (VOC mAP at IoU 0.5).
 */
import type { Command } from 'commander';
import { interruptedLine, runUntilSignal, type UntilSignalResult } from './until-signal';
import { appendFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { filter, tap } from 'rxjs';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, latestCheckpoint, loadModel, lossPlot, metricsJsonl, openRunFolder, progressBar, writeFileAtomic, type TrainEvent } from '@deeper/core';
import {
  detectObjects, evaluateDetection, readCocoDetection, readImagePng, resolveSsdConfig, resolveTrainDetectionConfig, ssd, ssdAnchors, ssdGrids, trainDetection, writePng,
  type DetectionEvaluation, type DetectionEvent, type ImageDetection, type SsdConfig, type TrainDetectionConfig,
} from '@deeper/vision';
import { useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';
import { classColour } from './vision-segment';

/** What a detection run records in its config.json. */
export interface DetectRunConfig {
  task: 'detect';
  data: string;
  limit: number | null;
  /** Category names, in class-index order. */
  categories: { id: number; name: string }[];
  model: SsdConfig;
  train: Omit<TrainDetectionConfig, 'runDir' | 'resume'>;
}

const isTrainEvent = (e: DetectionEvent): e is TrainEvent => e.type !== 'detection-eval';

export interface DetectTrainOptions {
  data: string;
  out: string;
  epochs: number | null;
  seed: number;
  batchSize: number;
  learningRate: number;
  limit: number | null;
  resume: boolean;
  progressEvery: number;
}

/** Trains (or resumes) a run; resolves with the test-split evaluation of the final model. */
export async function runDetectTrain(o: DetectTrainOptions): Promise<{ runDir: string; test: DetectionEvaluation | null; seconds: number } & UntilSignalResult> {
  const started = performance.now();
  let config: DetectRunConfig;
  if (o.resume) {
    const recorded = openRunFolder(o.out).config as unknown as DetectRunConfig;
    config = { ...recorded, train: { ...recorded.train, ...(o.epochs === null ? {} : { epochs: o.epochs }) } };
  } else {
    if (existsSync(join(o.out, 'config.json'))) throw new ConfigError('deeper vision detect train', '--out', 'a new run folder (or pass --resume to continue this one)', o.out);
    const train = readCocoDetection(o.data, 'train', o.limit);
    const model = resolveSsdConfig({ classes: train.categories.length, inputShape: [train.height, train.width, train.channels], seed: o.seed });
    const { runDir: _r, resume: _s, ...trainConfig } = resolveTrainDetectionConfig({ epochs: o.epochs ?? 10, seed: o.seed, batchSize: o.batchSize, learningRate: o.learningRate });
    config = { task: 'detect', data: o.data, limit: o.limit, categories: train.categories, model, train: trainConfig };
    writeFileAtomic(join(o.out, 'config.json'), `${JSON.stringify({ runId: basename(o.out), ...config }, null, 2)}\n`);
  }
  const folder = openRunFolder(o.out);
  const train = readCocoDetection(config.data, 'train', config.limit);
  const test = readCocoDetection(config.data, 'test');
  const { model, anchors } = ssd(config.model);
  console.error(`run ${folder.dir}: SSD (${model.countParams()} parameters, ${anchors.length / 4} default boxes) on ${train.count} training and ${test.count} test scenes of ${config.data}, ${config.train.epochs} epochs, batch ${config.train.batchSize}, seed ${config.train.seed}`);
  const plot = lossPlot(folder.plotsDir, folder.id);
  try {
    const ended = await runUntilSignal((stop) => trainDetection(model, anchors, { train, test }, { ...config.train, runDir: folder.dir, resume: o.resume ? folder.dir : null }, { stop }).pipe(
        tap((e) => {
          if (e.type !== 'detection-eval') return;
          appendFileSync(folder.metricsPath, `${JSON.stringify({ time: Date.now() / 1000, type: e.type, step: e.step, epoch: e.epoch, 'charts/map50': e.map50, 'losses/test_loss': e.loss, ap_per_category: e.apPerCategory })}\n`);
          console.error(`epoch ${e.epoch + 1} test: mAP@0.5 ${e.map50.toFixed(4)}`);
        }),
        filter(isTrainEvent),
        tap(metricsJsonl(folder.metricsPath)),
        tap(progressBar({ everySteps: o.progressEvery })),
        tap(plot),
    ));
    await plot.flush();
    return { ...ended, runDir: folder.dir, test: ended.interrupted ? null : evaluateDetection(model, anchors, test, config.train.evalBatchSize), seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

/** The last checkpoint's detector of run `run`, its default boxes and its categories. */
export async function loadDetectRun(run: string): Promise<{ model: tf.LayersModel; anchors: Float32Array; config: DetectRunConfig }> {
  const config = openRunFolder(run).config as unknown as DetectRunConfig;
  const model = await loadModel(latestCheckpoint(run), { optimizer: false });
  return { model, anchors: ssdAnchors(ssdGrids(resolveSsdConfig(config.model))), config };
}

/** Draws a 2-px box per detection of at least `minScore` on `imagePath`, writes `<name>.boxes.png` beside it; returns its path and the detections. */
export async function runDetectPredict(run: string, imagePath: string, minScore = 0.5): Promise<{ path: string; detections: (ImageDetection & { name: string })[] }> {
  const { model, anchors, config } = await loadDetectRun(run);
  try {
    const image = readImagePng(imagePath);
    const [, h, w, c] = model.inputs[0].shape as number[];
    if (image.height !== h || image.width !== w || image.channels !== c) {
      throw new ConfigError('deeper vision detect predict', '--image', `a ${w}×${h} PNG with ${c} channel(s), as the run was trained on`, `${imagePath} (${image.width}×${image.height}, ${image.channels})`);
    }
    const outputs = tf.tidy(() => model.predict(tf.div(tf.tensor4d(image.data, [1, h, w, c], 'float32'), 255)) as tf.Tensor3D);
    const [found] = detectObjects(outputs, anchors, w, h, { scoreThreshold: minScore });
    outputs.dispose();
    const rgb = new Uint8Array(w * h * 3);
    for (let p = 0; p < w * h; p++) rgb.fill(image.channels === 1 ? image.data[p] : 0, p * 3, p * 3 + 3);
    if (image.channels === 3) rgb.set(image.data);
    for (const d of found) {
      const colour = classColour(d.classIndex + 1);
      const [x0, y0] = [Math.round(d.bbox[0]), Math.round(d.bbox[1])];
      const [x1, y1] = [Math.min(w - 1, Math.round(d.bbox[0] + d.bbox[2]) - 1), Math.min(h - 1, Math.round(d.bbox[1] + d.bbox[3]) - 1)];
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          if (x - x0 < 2 || x1 - x < 2 || y - y0 < 2 || y1 - y < 2) rgb.set(colour, (y * w + x) * 3);
        }
      }
    }
    const path = join(dirname(imagePath), `${basename(imagePath).replace(/\.png$/i, '')}.boxes.png`);
    writePng(path, { width: w, height: h, channels: 3, data: rgb });
    return { path, detections: found.map((d) => ({ ...d, name: config.categories[d.classIndex]?.name ?? String(d.classIndex) })) };
  } finally {
    model.dispose();
  }
}

export function register(vision: Command): void {
  const detect = vision.command('detect').description('single-shot object detection: train, eval, predict');
  detect
    .command('train')
    .description('train the detector on DIR/train.json, evaluating DIR/test.json after every epoch')
    .requiredOption('--data <dir>', 'COCO-style detection folder (images/, train.json, test.json)')
    .requiredOption('--out <run>', 'run folder to create (or continue, with --resume)')
    .option('--epochs <n>', 'passes over the training scenes (default 10)')
    .option('--seed <n>', 'seed of weights and minibatch order', '0')
    .option('--batch-size <n>', 'scenes per step', '16')
    .option('--learning-rate <x>', "Adam's learning rate", '0.001')
    .option('--limit <n>', 'train on the first n training scenes only')
    .option('--resume', 'continue --out from its last checkpoint')
    .option('--progress-every <n>', 'steps between progress lines when not on a terminal', '20')
    .option('--json', 'print the test metrics as the last line, in JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const who = 'deeper vision detect train';
      const learningRate = Number(opts.learningRate);
      if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new ConfigError(who, '--learning-rate', 'a positive number', opts.learningRate);
      const result = await runDetectTrain({
        data: String(opts.data), out: String(opts.out),
        epochs: opts.epochs === undefined ? null : parseIntegerOption(who, '--epochs', String(opts.epochs), 1),
        seed: parseIntegerOption(who, '--seed', String(opts.seed), 0),
        batchSize: parseIntegerOption(who, '--batch-size', String(opts.batchSize), 1),
        learningRate,
        limit: opts.limit === undefined ? null : parseIntegerOption(who, '--limit', String(opts.limit), 1),
        resume: opts.resume === true,
        progressEvery: parseIntegerOption(who, '--progress-every', String(opts.progressEvery), 1),
      });
      if (result.test === null) {
        console.log(interruptedLine(result.lastCheckpoint, `deeper vision detect train --data ${String(opts.data)} --out ${result.runDir} --resume`));
        return;
      }
      console.log(`test: mAP@0.5 ${result.test.map50.toFixed(4)} on ${result.test.count} scenes; ${result.seconds.toFixed(1)} s; run folder ${result.runDir}`);
      if (opts.json) console.log(JSON.stringify({ map50: result.test.map50 }));
    });
  detect
    .command('eval')
    .description("evaluate a run's last checkpoint on DIR/test.json")
    .requiredOption('--run <run>', 'run folder written by detect train')
    .requiredOption('--data <dir>', 'COCO-style detection folder')
    .option('--json', 'print the metrics as the last line, in JSON')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const { model, anchors } = await loadDetectRun(String(opts.run));
      try {
        const result = evaluateDetection(model, anchors, readCocoDetection(String(opts.data), 'test'));
        console.log(`mAP@0.5 ${result.map50.toFixed(4)} on ${result.count} scenes; AP per category ${Object.entries(result.apPerCategory).map(([k, v]) => `${k}:${v.toFixed(3)}`).join(' ')}`);
        if (opts.json) console.log(JSON.stringify({ map50: result.map50 }));
      } finally {
        model.dispose();
      }
    });
  detect
    .command('predict')
    .description('draw the detections of an image into a PNG beside it and list them')
    .requiredOption('--run <run>', 'run folder written by detect train')
    .requiredOption('--image <png>', 'image of the size the run was trained on')
    .option('--min-score <s>', 'smallest score drawn', '0.5')
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      await useBackend(command);
      const minScore = Number(opts.minScore);
      if (!(minScore >= 0 && minScore <= 1)) throw new ConfigError('deeper vision detect predict', '--min-score', 'a number in [0, 1]', opts.minScore);
      const result = await runDetectPredict(String(opts.run), String(opts.image), minScore);
      for (const d of result.detections) console.log(`${d.name} ${d.score.toFixed(3)} [${d.bbox.map((v) => v.toFixed(1)).join(', ')}]`);
      console.log(result.path);
    });
}
