/**
 * `deeper vision bench [--tasks segment,ssd,faster-rcnn,caption,style] [--batches N] [--warmup N]
 * [--rounds N] [--pytorch] [--torch-blas DIR] [--json]`: each task's training throughput, with
 * the default model of its `train` command (the `style` command for style transfer), timed on
 * the very training streams those commands run:
 *
 *   segment      trainSegmentation, FCN-8s on generated M2NIST (64×84 grey), batch 16
 *   ssd          trainDetection, the single-shot detector on generated MNIST-detection (128×128), batch 16
 *   faster-rcnn  trainFasterRcnn on the same scenes, batch 16
 *   caption      trainCaptioner, NIC on generated shape scenes (64×64 RGB), batch 32 (image, caption) pairs
 *   style        styleTransfer, Adam on one 64×64 RGB image, features of the normalised random styleNet
 *
 * A task's value is images/s (style: optimisation steps/s, one image per step), the median over
 * the timed minibatches after `warmup` untimed ones of each round, then over rounds. A
 * minibatch's time is the loop's own (`samplesPerSecond` of its batch event: building the
 * minibatch's tensors, forward, loss, gradients, the Adam update and reading the loss back);
 * a style step's is the time between two step events.
 *
 * With --pytorch the same models and steps in PyTorch (experiments/bench/vision_torch.py, one
 * process per task and round, run right after ours so both see the same share of the machine),
 * and the ratio ours ÷ PyTorch per round. Faster R-CNN's twin writes its RPN sampling,
 * proposals with NMS, RoI sampling and RoIAlign in plain torch ops (no torchvision).
 * PyTorch's inputs have the same shapes but are random, not generated scenes (the cost of
 * these steps does not depend on the pixels); the detector's twin gets as many matched default
 * boxes per image as the generated scenes have (the hard-negative mining picks 3 per match),
 * Faster R-CNN's as many true boxes per image, sized like the digits' (they set the anchors'
 * labels, and the foreground RoIs the head samples).
 * Both sides' lines carry the model's parameter count (Keras's way: batch norm's moving
 * statistics included), so a twin that drifted from our model shows.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { lastValueFrom, tap } from 'rxjs';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, selectBackend } from '@deeper/core';
import {
  detectionTargets, fasterRcnn, fcn8s, generateM2nist, generateMnistDetection, generateShapeCaptions, nic, normaliseActivations, ssd, styleNet, styleTransfer,
  trainCaptioner, trainDetection, trainFasterRcnn, trainSegmentation, Vocabulary, type StyleEvent,
} from '@deeper/vision';
import type { TrainEvent } from '@deeper/core';
import { parseIntegerOption } from './envs-rollout';

export const visionBenchTasks = ['segment', 'ssd', 'faster-rcnn', 'caption', 'style'] as const;
export type VisionBenchTask = (typeof visionBenchTasks)[number];

/** Tasks with a PyTorch twin in experiments/bench/vision_torch.py. */
const torchTasks: readonly VisionBenchTask[] = ['segment', 'ssd', 'faster-rcnn', 'caption', 'style'];

export interface VisionBenchOptions {
  tasks: VisionBenchTask[];
  /** Timed minibatches (style: steps) per round. */
  batches: number;
  /** Untimed minibatches first, per round. */
  warmup: number;
  rounds: number;
  /** Pythons to try for the PyTorch twins; undefined: none. */
  pytorch?: string[];
  /** A folder whose libblas.so.3 PyTorch loads. */
  torchBlas?: string;
}

export interface VisionBenchLine { name: string; unit: string; value: number; backend: string; [extra: string]: unknown }

const torchScript = fileURLToPath(new URL('../../bench/vision_torch.py', import.meta.url));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Per-minibatch samples/s of the batch events after `warmup`. */
async function timeTraining(stream: import('rxjs').Observable<{ type: string }>, warmup: number): Promise<number[]> {
  const rates: number[] = [];
  let seen = 0;
  await lastValueFrom(stream.pipe(tap((e) => {
    if (e.type !== 'batch') return;
    if (seen++ >= warmup) rates.push((e as Extract<TrainEvent, { type: 'batch' }>).samplesPerSecond);
  })), { defaultValue: null });
  return rates;
}

const batchSizes: Record<VisionBenchTask, number> = { segment: 16, ssd: 16, 'faster-rcnn': 16, caption: 32, style: 1 };

/** Our rate and parameter count, and what the PyTorch twin needs to know of our data: matched default boxes per image (ssd), true boxes per image (faster-rcnn), the vocabulary and caption length (caption). */
interface TaskRun { rate: number; parameters: number; extra: Record<string, number> }

async function timeOurs(task: VisionBenchTask, o: VisionBenchOptions): Promise<TaskRun> {
  const steps = o.warmup + o.batches;
  const batchSize = batchSizes[task];
  const config = { epochs: 1, batchSize, seed: 0 };
  if (task === 'segment') {
    const train = generateM2nist({ count: steps * batchSize, seed: 0, split: 'train' });
    const model = fcn8s({ classes: train.classNames.length, inputShape: [train.height, train.width, train.channels] });
    try {
      return { rate: median(await timeTraining(trainSegmentation(model, { train }, config), o.warmup)), parameters: model.countParams(), extra: {} };
    } finally {
      model.dispose();
    }
  }
  if (task === 'ssd' || task === 'faster-rcnn') {
    const train = generateMnistDetection({ count: steps * batchSize, seed: 0, split: 'train' });
    const shape = { classes: train.categories.length, inputShape: [train.height, train.width, train.channels] as [number, number, number] };
    if (task === 'ssd') {
      const { model, anchors } = ssd(shape);
      try {
        const targets = detectionTargets(train, anchors);
        const matched = targets.labels.reduce((n, l) => n + (l > 0 ? 1 : 0), 0) / train.count;
        return { rate: median(await timeTraining(trainDetection(model, anchors, { train }, config), o.warmup)), parameters: model.countParams(), extra: { matchedPerImage: round(matched, 2) } };
      } finally {
        model.dispose();
      }
    }
    const { model, anchors, config: modelConfig } = fasterRcnn(shape);
    try {
      const objectsPerImage = train.objects.reduce((n, objects) => n + objects.length, 0) / train.count;
      return { rate: median(await timeTraining(trainFasterRcnn(model, anchors, modelConfig, { train }, config), o.warmup)), parameters: model.countParams(), extra: { objectsPerImage: round(objectsPerImage, 2) } };
    } finally {
      model.dispose();
    }
  }
  if (task === 'caption') {
    // Three reference captions per scene, so steps × 32 pairs need a third as many scenes.
    const scenes = generateShapeCaptions({ count: Math.ceil((steps * batchSize) / 3), seed: 0 });
    const train = { images: scenes.images, count: scenes.count, height: 64, width: 64, channels: 3 as const, captions: scenes.captions, scenes: scenes.scenes };
    const vocabulary = Vocabulary.fromCaptions(scenes.captions.flat());
    const longest = Math.max(...scenes.captions.flat().map((c) => vocabulary.encode(c).length));
    const model = nic({ vocabularySize: vocabulary.size, maxLength: longest + 1, inputShape: [64, 64, 3] });
    try {
      return { rate: median(await timeTraining(trainCaptioner(model, vocabulary, { train }, config), o.warmup)), parameters: model.countParams(), extra: { vocabulary: vocabulary.size, maxLength: longest + 1 } };
    } finally {
      model.dispose();
    }
  }
  const [content, style] = [1, 2].map((seed) => tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', seed) as tf.Tensor4D);
  const net = styleNet({ channels: 3, seed: 0 });
  try {
    normaliseActivations(net, [content, style]);
    const times: number[] = [];
    let last = performance.now();
    await lastValueFrom(styleTransfer(net, content, style, { steps, imageEvery: steps }).pipe(tap((e: StyleEvent) => {
      if (e.type !== 'style-step') return;
      const now = performance.now();
      if (e.step > o.warmup) times.push(1000 / (now - last));
      last = now;
    })), { defaultValue: null });
    return { rate: median(times), parameters: net.countParams(), extra: {} };
  } finally {
    net.dispose();
    tf.dispose([content, style]);
  }
}

/** The first of `candidates` that imports torch. */
function findTorchPython(candidates: string[]): string {
  const python = candidates.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!python) throw new ConfigError('deeper vision bench', '--pytorch', `a Python with PyTorch among ${candidates.join(', ')}`, 'none imports torch', 'Debian: apt-get install python3-torch; or name one with --python');
  return python;
}

function runTorch(python: string, task: VisionBenchTask, o: VisionBenchOptions, extra: Record<string, number>): VisionBenchLine {
  const args = [torchScript, '--task', task, '--threads', '1', '--batches', String(o.batches), '--warmup', String(o.warmup), ...(o.torchBlas ? ['--blas-dir', o.torchBlas] : [])];
  if (task === 'ssd') args.push('--matched-per-image', String(extra.matchedPerImage));
  if (task === 'faster-rcnn') args.push('--objects-per-image', String(extra.objectsPerImage));
  if (task === 'caption') args.push('--vocabulary', String(extra.vocabulary), '--max-length', String(extra.maxLength));
  const run = spawnSync(python, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`deeper vision bench --pytorch: ${python} ${torchScript} --task ${task} exited with ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  for (const line of run.stderr.split('\n')) if (line.startsWith('vision_torch.py:')) console.error(`deeper vision bench --pytorch: ${line}`);
  const lines = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as VisionBenchLine);
  if (lines.length !== 1) throw new Error(`deeper vision bench --pytorch expects one JSON line from ${torchScript} --task ${task}, but received ${lines.length}`);
  return lines[0];
}

/** Runs the benchmark on one wasm thread; `emit` receives each line as it is measured. */
export async function benchVision(o: VisionBenchOptions, emit: (line: VisionBenchLine) => void): Promise<void> {
  const python = o.pytorch === undefined ? null : findTorchPython(o.pytorch);
  await selectBackend('wasm', { threads: 1, quiet: true });
  for (const task of o.tasks) {
    const ours: number[] = [];
    let parameters = 0;
    const torch: VisionBenchLine[] = [];
    const withTorch = python !== null && torchTasks.includes(task);
    // Rounds alternate ours and PyTorch so both see the same share of a busy machine.
    for (let r = 0; r < o.rounds; r++) {
      const { rate, parameters: count, extra } = await timeOurs(task, o);
      ours.push(rate);
      parameters = count;
      if (withTorch) torch.push(runTorch(python, task, o, extra));
    }
    const unit = task === 'style' ? 'steps/s' : 'images/s';
    const common = { batch: batchSizes[task], threads: 1, batches: o.batches, warmup: o.warmup, rounds: o.rounds };
    const per = (values: number[], digits = 2) => (o.rounds > 1 ? { perRound: values.map((v) => round(v, digits)) } : {});
    emit({ name: `vision-${task}-train`, backend: 'wasm', unit, value: round(median(ours)), parameters, ...common, ...per(ours) });
    if (withTorch) {
      const values = torch.map((l) => l.value);
      emit({ name: `vision-${task}-train`, backend: 'pytorch-cpu', unit, value: round(median(values)), parameters: torch[0].parameters, ...common, torch: torch[0].torch, blas: torch[0].blas, ...per(values) });
      const ratios = ours.map((v, i) => v / values[i]);
      emit({ name: `vision-${task}-train-vs-pytorch`, backend: 'wasm/pytorch-cpu', unit: 'ratio', value: round(median(ratios), 3), ...common, ...per(ratios, 3) });
    }
  }
}

export function parseVisionBenchTasks(value: string): VisionBenchTask[] {
  const tasks = value.split(',').map((t) => t.trim());
  const unknown = tasks.filter((t) => !(visionBenchTasks as readonly string[]).includes(t));
  if (tasks.length === 0 || unknown.length > 0) throw new ConfigError('deeper vision bench', '--tasks', `a comma-separated list of ${visionBenchTasks.join(', ')}`, value);
  return tasks as VisionBenchTask[];
}

export function register(vision: Command): void {
  vision
    .command('bench')
    .description("each task's training throughput (one wasm thread), optionally beside the same models in PyTorch")
    .option('--tasks <list>', `comma-separated, of ${visionBenchTasks.join(', ')}`, visionBenchTasks.join(','))
    .option('--batches <n>', 'timed minibatches (style: steps) per round', '8')
    .option('--warmup <n>', 'untimed minibatches first', '2')
    .option('--rounds <n>', 'rounds, ours and PyTorch alternating; medians are reported', '1')
    .option('--pytorch', 'also time the PyTorch twins (experiments/bench/vision_torch.py), one thread, and print ours ÷ PyTorch')
    .option('--torch-blas <dir>', "a folder whose libblas.so.3 PyTorch loads (e.g. runs/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread); default the system's")
    .option('--python <cmd>', 'the Python for --pytorch (default: python3, then /usr/bin/python3, whichever imports torch)')
    .option('--json', 'print JSON lines (default: readable lines)')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const who = 'deeper vision bench';
      await benchVision({
        tasks: parseVisionBenchTasks(String(opts.tasks)),
        batches: parseIntegerOption(who, '--batches', String(opts.batches), 1),
        warmup: parseIntegerOption(who, '--warmup', String(opts.warmup), 0),
        rounds: parseIntegerOption(who, '--rounds', String(opts.rounds), 1),
        torchBlas: typeof opts.torchBlas === 'string' ? opts.torchBlas : undefined,
        pytorch: opts.pytorch || opts.python || opts.torchBlas ? (typeof opts.python === 'string' ? [opts.python] : ['python3', '/usr/bin/python3']) : undefined,
      }, (line) => {
        if (opts.json) console.log(JSON.stringify(line));
        else console.log(`${line.name.padEnd(34)} ${line.backend.padEnd(18)} ${String(line.value).padStart(10)} ${line.unit}`);
      });
    });
}
