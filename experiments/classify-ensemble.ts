/**
 * An ensemble of independently trained networks against its members (issue 10): the
 * textbook deep CNN trained `--members` times with different seeds (weights, dropout, order)
 * on the first `--limit` Fashion-MNIST training images, then the average of their predicted
 * probabilities scored on the 10,000 test images beside each member's own accuracy.
 *
 *   node --import tsx experiments/classify-ensemble.ts [--members 3] [--limit 10000] [--epochs 4] [--out runs/ensemble]
 *
 * Prints the resolved config first, one line per member, the ensemble line, and a last JSON line.
 */
import { parseArgs } from 'node:util';
import { selectBackend } from '@deeper/core';
import { runClassifyEnsemble } from './src/commands/classify-ensemble';
import { runClassifyTrain } from './src/commands/classify-train';

const { values: args } = parseArgs({
  options: { members: { type: 'string', default: '3' }, limit: { type: 'string', default: '10000' }, epochs: { type: 'string', default: '4' }, out: { type: 'string', default: 'runs/ensemble' } },
});
const experiment = {
  model: 'deep-cnn', dataset: 'fashion-mnist', limit: Number(args.limit), epochs: Number(args.epochs), members: Number(args.members),
  batchSize: 100, learningRate: 1e-3, augment: [] as string[], valFraction: 0.1,
};
console.error(JSON.stringify(experiment));
await selectBackend();
const started = performance.now();
const runs: string[] = [];
for (let seed = 0; seed < experiment.members; seed++) {
  const r = await runClassifyTrain({
    config: { model: experiment.model, dataset: experiment.dataset, limit: experiment.limit, epochs: experiment.epochs, batchSize: experiment.batchSize,
      learningRate: experiment.learningRate, augment: experiment.augment, valFraction: experiment.valFraction, seed },
    out: args.out!, resume: null, epochs: null, progressEvery: 100,
  });
  runs.push(r.runDir);
  console.log(`member seed ${seed}: ${(100 * (r.evaluation?.accuracy ?? NaN)).toFixed(2)} % (${r.seconds.toFixed(0)} s) ${r.runDir}`);
}
const e = await runClassifyEnsemble(runs);
console.log(`ensemble of ${runs.length}: ${(100 * e.accuracy).toFixed(2)} %, best member ${(100 * e.members[e.bestMember].accuracy).toFixed(2)} %`);
console.log(JSON.stringify({ ensemble_accuracy: e.accuracy, members: e.members, runs, seconds: (performance.now() - started) / 1000 }));
