/**
 * The textbook deep CNN (Saito, "Deep Learning from Scratch", ch. 8, unchanged: dropout 0.5,
 * Adam 1e-3, minibatches of 100, 20 epochs) on all 60,000 Fashion-MNIST training images,
 * tested on all 10,000 test images (also the per-epoch validation set, as Saito's Trainer does).
 * The flags below change the training recipe, never the network's layers; by default each is
 * the book's choice:
 *   --lr-schedule cosine|step|exponential   Adam's rate decays over the run (book: constant)
 *   --augment crop,flip|crop:1,flip|default|none   augment each minibatch ('default': Fashion-MNIST's crop,flip,
 *                                            3 pixels of padding; crop:N pads by N; book: none)
 *   --logit-dropout R                        dropout on the logits (book: 0.5, the same as after dense 50)
 *
 *   node --import tsx experiments/classify-deep-cnn-fashion.ts [--seed S] [--epochs N] [--lr-schedule cosine] [--augment default] [--logit-dropout 0] [--out runs]
 *   node --import tsx experiments/classify-deep-cnn-fashion.ts --resume runs/<runId> [--epochs N]   (after a kill)
 *
 * Prints the resolved config first, a progress line every 100 steps, and ends with one JSON
 * line {"test_accuracy", "test_loss", "seconds"}. Needs Debian's dataset-fashion-mnist.
 * SIGTERM or Ctrl-C stops it after the current minibatch with a checkpoint (a second one at once);
 * then it prints how to resume instead of a test accuracy.
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { filter, lastValueFrom, tap } from 'rxjs';
import { createRunFolder, lossPlot, metricsJsonl, openRunFolder, progressBar, selectBackend, stopOnSignals, type ScheduleName, type TrainEvent } from '@deeper/core';
import { defaultAugmentationNames, resolveTrainClassifierConfig, trainClassifier, type ClassifierEvent, type TestEvent, type TrainClassifierConfig } from '@deeper/classify';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '0' }, epochs: { type: 'string', default: '20' }, out: { type: 'string', default: 'runs' }, resume: { type: 'string' },
    'lr-schedule': { type: 'string', default: 'constant' }, augment: { type: 'string', default: 'none' }, 'logit-dropout': { type: 'string' },
  },
});

const augment = args.augment === 'none' ? [] : args.augment === 'default' ? defaultAugmentationNames('fashion-mnist') : args.augment!.split(',');
// The book's recipe, on Fashion-MNIST's own splits, with the flags' deviations (if any).
const experiment = {
  dataset: 'fashion-mnist', limit: null, testCount: 10000, validate: true, epochs: Number(args.epochs),
  model: args['logit-dropout'] === undefined ? {} : { logitDropout: Number(args['logit-dropout']) },
  batchSize: 100, learningRate: 1e-3, lrSchedule: args['lr-schedule'] as ScheduleName, augment, seed: Number(args.seed), checkpointEvery: 1, checkpointUnit: 'epoch',
} satisfies Partial<TrainClassifierConfig>;

await selectBackend();
let config: TrainClassifierConfig;
let folder: { id: string; dir: string; metricsPath: string; plotsDir: string };
if (args.resume !== undefined) {
  const opened = openRunFolder(args.resume);
  const { runId: _id, ...recorded } = opened.config as Partial<TrainClassifierConfig> & { runId?: string };
  // --epochs on the command line may raise (or lower) a resumed run's count.
  const epochsGiven = process.argv.some((a) => a === '--epochs' || a.startsWith('--epochs='));
  config = resolveTrainClassifierConfig({ ...recorded, ...(epochsGiven ? { epochs: Number(args.epochs) } : {}), runDir: opened.dir, resume: opened.dir });
  folder = opened;
} else {
  config = resolveTrainClassifierConfig(experiment);
  folder = createRunFolder({ root: args.out!, task: 'fashion-mnist', expName: 'classify-deep-cnn-fashion', seed: config.seed, config: { ...config } });
  config = { ...config, runDir: folder.dir };
}
console.error(JSON.stringify({ runId: folder.id, ...config }));
const started = performance.now();
const plot = lossPlot(folder.plotsDir, folder.id);
const stop = stopOnSignals((signal) => console.error(`${signal}: stopping after this minibatch with a checkpoint; send it again to exit at once`));
let test: TestEvent | null = null;
await lastValueFrom(trainClassifier(config, { stop: stop.signal }).pipe(
  tap((e: ClassifierEvent) => {
    if (e.type !== 'test') return;
    test = e;
    appendFileSync(folder.metricsPath, `${JSON.stringify({ time: Date.now() / 1000, type: 'test', step: e.step, epoch: e.epoch, 'losses/test_loss': e.loss, 'charts/test_accuracy': e.accuracy, count: e.count })}\n`);
  }),
  filter((e): e is TrainEvent => e.type !== 'test'),
  tap(metricsJsonl(folder.metricsPath)),
  tap(progressBar({ everySteps: 100 })),
  tap(plot),
), { defaultValue: null });
await plot.flush();
stop.dispose();
if (stop.received() !== null) {
  console.error(`interrupted; continue with: node --import tsx experiments/classify-deep-cnn-fashion.ts --resume ${folder.dir}`);
  process.exit(143);
}
const result = test as TestEvent | null;
console.log(JSON.stringify({ run: folder.dir, test_accuracy: result?.accuracy ?? null, test_loss: result?.loss ?? null, seconds: (performance.now() - started) / 1000 }));
