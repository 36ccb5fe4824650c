/**
 * `deeper vision detect train|eval|predict`: the single-shot detector or Faster R-CNN
 * (@deeper/vision) on any COCO-style detection folder (DIR/images/*.png, DIR/{train,test}.json).
 *
 *   train   --data DIR --out RUN [--model ssd|faster-rcnn] [--epochs N] [--seed S] [--batch-size B] [--learning-rate η] [--limit N] [--resume] [--json]
 *           (--model defaults to ssd, or on --resume to the run's own detector)
 *   eval    --run RUN --data DIR [--json]: the last checkpoint of RUN on DIR/test.json.
 *   predict --run RUN --image x.png [--min-score s]: writes x.boxes.png beside it (a box and a
 *           "class score" label per detection, coloured by class) and prints one line per
 *           detection: class, score, box.
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
  detectFasterRcnn, detectObjects, drawDetections, evaluateDetection, evaluateFasterRcnn, fasterRcnn, fasterRcnnAnchors, fasterRcnnParts, readCocoDetection, readImagePng, resolveFasterRcnnConfig,
  resolveSsdConfig, resolveTrainDetectionConfig, ssd, ssdAnchors, ssdGrids, trainDetection, trainFasterRcnn, writePng,
  type DetectionData, type DetectionEvaluation, type DetectionEvent, type FasterRcnnConfig, type ImageDetection, type SsdConfig, type TrainDetectionConfig,
} from '@deeper/vision';
import { useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';
import { declareVisionTrainOptions, parseVisionTrainOptions, type VisionTrainOptions } from './vision-train-options';
import { classColour } from './vision-segment';

/** The detectors `--model` names. */
export const detectorNames = ['ssd', 'faster-rcnn'] as const;
export type DetectorName = (typeof detectorNames)[number];

/** What a detection run records in its config.json. */
export interface DetectRunConfig {
  task: 'detect';
  /** Absent in runs written before Faster R-CNN existed: those are SSD runs. */
  detector?: DetectorName;
  data: string;
  limit: number | null;
  /** Category names, in class-index order. */
  categories: { id: number; name: string }[];
  model: SsdConfig | FasterRcnnConfig;
  train: Omit<TrainDetectionConfig, 'runDir' | 'resume'>;
}

/** A built or loaded detector of either kind, behind one interface. */
export interface Detector {
  detector: DetectorName;
  model: tf.LayersModel;
  anchors: Float32Array;
  /** Loss and VOC mAP@0.5 on `data`. */
  evaluate(data: DetectionData, batchSize?: number): DetectionEvaluation;
  /** The detections of images `x` [n, H, W, C] in [0, 1] scoring at least `minScore`. */
  detect(x: tf.Tensor4D, minScore: number): ImageDetection[][];
}

/** `model` (built from, or loaded for, `modelConfig`) as a Detector. */
export function detectorOf(detector: DetectorName, model: tf.LayersModel, modelConfig: SsdConfig | FasterRcnnConfig): Detector {
  if (detector === 'faster-rcnn') {
    const c = resolveFasterRcnnConfig(modelConfig as FasterRcnnConfig);
    const anchors = fasterRcnnAnchors(c);
    const parts = fasterRcnnParts(model);
    return {
      detector, model, anchors,
      evaluate: (data, batchSize = 50) => evaluateFasterRcnn(model, anchors, c, data, batchSize),
      detect: (x, minScore) => detectFasterRcnn(parts, anchors, c, x, { scoreThreshold: minScore }).detections,
    };
  }
  const anchors = ssdAnchors(ssdGrids(resolveSsdConfig(modelConfig as SsdConfig)));
  return {
    detector, model, anchors,
    evaluate: (data, batchSize = 50) => evaluateDetection(model, anchors, data, batchSize),
    detect: (x, minScore) => {
      const outputs = tf.tidy(() => model.predict(x) as tf.Tensor3D);
      try {
        return detectObjects(outputs, anchors, x.shape[2], x.shape[1], { scoreThreshold: minScore });
      } finally {
        outputs.dispose();
      }
    },
  };
}

const isTrainEvent = (e: DetectionEvent): e is TrainEvent => e.type !== 'detection-eval';

export interface DetectTrainOptions extends VisionTrainOptions {
  /** null: ssd for a new run, the recorded detector on resume. */
  model: DetectorName | null;
}

/** Trains (or resumes) a run; resolves with the test-split evaluation of the final model. */
export async function runDetectTrain(o: DetectTrainOptions): Promise<{ runDir: string; test: DetectionEvaluation | null; seconds: number } & UntilSignalResult> {
  const started = performance.now();
  let config: DetectRunConfig;
  if (o.resume) {
    const recorded = openRunFolder(o.out).config as unknown as DetectRunConfig;
    const detector = recorded.detector ?? 'ssd';
    if (o.model !== null && o.model !== detector) throw new ConfigError('deeper vision detect train', '--model', `the run's own detector, ${detector}, or none`, o.model, 'Omit --model when resuming');
    config = { ...recorded, detector, train: { ...recorded.train, ...(o.epochs === null ? {} : { epochs: o.epochs }) } };
  } else {
    if (existsSync(join(o.out, 'config.json'))) throw new ConfigError('deeper vision detect train', '--out', 'a new run folder (or pass --resume to continue this one)', o.out);
    const train = readCocoDetection(o.data, 'train', o.limit);
    const detector = o.model ?? 'ssd';
    const shape = { classes: train.categories.length, inputShape: [train.height, train.width, train.channels] as [number, number, number], seed: o.seed };
    const model = detector === 'faster-rcnn' ? resolveFasterRcnnConfig(shape) : resolveSsdConfig(shape);
    const { runDir: _r, resume: _s, ...trainConfig } = resolveTrainDetectionConfig({ epochs: o.epochs ?? 10, seed: o.seed, batchSize: o.batchSize, learningRate: o.learningRate, lrSchedule: o.lrSchedule, clipNorm: o.clipNorm ?? null });
    config = { task: 'detect', detector, data: o.data, limit: o.limit, categories: train.categories, model, train: trainConfig };
    writeFileAtomic(join(o.out, 'config.json'), `${JSON.stringify({ runId: basename(o.out), ...config }, null, 2)}\n`);
  }
  const folder = openRunFolder(o.out);
  const train = readCocoDetection(config.data, 'train', config.limit);
  const test = readCocoDetection(config.data, 'test');
  const detector = config.detector ?? 'ssd';
  const { model, anchors } = detector === 'faster-rcnn' ? fasterRcnn(config.model as FasterRcnnConfig) : ssd(config.model as SsdConfig);
  const built = detectorOf(detector, model, config.model);
  const name = detector === 'faster-rcnn' ? 'Faster R-CNN' : 'SSD';
  console.error(`run ${folder.dir}: ${name} (${model.countParams()} parameters, ${anchors.length / 4} ${detector === 'faster-rcnn' ? 'anchors' : 'default boxes'}) on ${train.count} training and ${test.count} test scenes of ${config.data}, ${config.train.epochs} epochs, batch ${config.train.batchSize}, seed ${config.train.seed}`);
  const plot = lossPlot(folder.plotsDir, folder.id);
  try {
    const trainConfig = { ...config.train, runDir: folder.dir, resume: o.resume ? folder.dir : null };
    const events = (stop: AbortSignal) => detector === 'faster-rcnn'
      ? trainFasterRcnn(model, anchors, resolveFasterRcnnConfig(config.model as FasterRcnnConfig), { train, test }, trainConfig, { stop })
      : trainDetection(model, anchors, { train, test }, trainConfig, { stop });
    const ended = await runUntilSignal((stop) => events(stop).pipe(
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
    return { ...ended, runDir: folder.dir, test: ended.interrupted ? null : built.evaluate(test, config.train.evalBatchSize), seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

/** The last checkpoint's detector of run `run` (model, anchors or default boxes, evaluate, detect) and its config. */
export async function loadDetectRun(run: string): Promise<Detector & { config: DetectRunConfig }> {
  const config = openRunFolder(run).config as unknown as DetectRunConfig;
  const model = await loadModel(latestCheckpoint(run), { optimizer: false });
  return { ...detectorOf(config.detector ?? 'ssd', model, config.model), config };
}

/** Draws a 2-px box and a "name score" label per detection of at least `minScore` on `imagePath`, writes `<name>.boxes.png` beside it; returns its path and the detections. */
export async function runDetectPredict(run: string, imagePath: string, minScore = 0.5): Promise<{ path: string; detections: (ImageDetection & { name: string })[] }> {
  const { model, detect, config } = await loadDetectRun(run);
  try {
    const image = readImagePng(imagePath);
    const [, h, w, c] = model.inputs[0].shape as number[];
    if (image.height !== h || image.width !== w || image.channels !== c) {
      throw new ConfigError('deeper vision detect predict', '--image', `a ${w}×${h} PNG with ${c} channel(s), as the run was trained on`, `${imagePath} (${image.width}×${image.height}, ${image.channels})`);
    }
    const x = tf.tidy(() => tf.div(tf.tensor4d(image.data, [1, h, w, c], 'float32'), 255) as tf.Tensor4D);
    const [found] = detect(x, minScore);
    x.dispose();
    const named = found.map((d) => ({ ...d, name: config.categories[d.classIndex]?.name ?? String(d.classIndex) }));
    const drawn = drawDetections(image, named.map((d) => ({ bbox: d.bbox, colour: classColour(d.classIndex + 1), label: `${d.name} ${d.score.toFixed(2)}` })));
    const path = join(dirname(imagePath), `${basename(imagePath).replace(/\.png$/i, '')}.boxes.png`);
    writePng(path, drawn);
    return { path, detections: named };
  } finally {
    model.dispose();
  }
}

export function register(vision: Command): void {
  const detect = vision.command('detect').description('object detection (single-shot or Faster R-CNN): train, eval, predict');
  declareVisionTrainOptions(
    detect.command('train').description('train the detector on DIR/train.json, evaluating DIR/test.json after every epoch'),
    { data: 'COCO-style detection folder (images/, train.json, test.json)', samples: 'scenes', batchSize: 16 },
    (c) => c.option('--model <name>', `detector: ${detectorNames.join(' or ')} (default ssd; on --resume, the run's own)`),
  )
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const who = 'deeper vision detect train';
      if (opts.model !== undefined && !(detectorNames as readonly unknown[]).includes(opts.model)) throw new ConfigError(who, '--model', `one of ${detectorNames.join(', ')}`, opts.model);
      const result = await runDetectTrain({
        ...parseVisionTrainOptions(who, opts), model: (opts.model as DetectorName | undefined) ?? null,
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
      const { model, evaluate } = await loadDetectRun(String(opts.run));
      try {
        const result = evaluate(readCocoDetection(String(opts.data), 'test'));
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
