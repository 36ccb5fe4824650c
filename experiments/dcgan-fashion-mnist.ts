/**
 * The DCGAN results page's experiment: a class-conditional DCGAN (Radford et al. 2016
 * networks, Mirza & Osindero 2014 conditioning, or with --conditioning projection Miyato &
 * Koyama 2018's projection discriminator) on Fashion-MNIST, then its figures and
 * scores, all through the `deeper gan` commands:
 *
 *   node --import tsx experiments/dcgan-fashion-mnist.ts [--dataset fashion-mnist|mnist] [--epochs N] [--seed S] [--base-filters 64]
 *     [--ema-decay 0.999] [--lr-schedule constant|cosine|linear] [--lr-hold-epochs 0] [--conditioning concat|projection] [--full-resolution-channels 0] [--discriminator-full-resolution-channels 0] [--discriminator-normalization batch|spectral] [--limit N] [--batch-size 64] [--out runs/dcgan-fashion-cond] [--n 2000] [--seeds 1] [--step N] [--ema] [--classifier DIR] [--figures docs/results/dcgan]
 *
 * 1. `deeper gan train` into --out (run it again after a kill: it resumes from the newest checkpoint),
 *    keeping an average of G's weights (--ema-decay; 0 keeps none), at the paper's constant
 *    learning rate or (--lr-schedule cosine|linear) one decayed to 0 at the run's end after
 *    --lr-hold-epochs at the constant rate;
 * 2. `deeper gan sample` (one column per class) and `deeper gan interpolate` (4 walks of 10 steps) into --figures;
 * 3. the loss curves of the whole run (from its metrics.jsonl) into --figures;
 * 4. `deeper gan score --json` (trains the feature classifier into <out>/classifier once, with
 *    the command's defaults: the textbook deepCnn, 8 epochs on every training image), or the
 *    one of --classifier; --seeds k scores latent seeds 0 … k − 1 and reports their means;
 * --limit trains on the first N images only and --batch-size changes the minibatch (both for smoke runs).
 * Each step's wall time is printed; the last line is the score's JSON with the seconds added.
 * With --skip-train the steps after training run on the run's newest checkpoint, or on the
 * checkpoint of --step; with --ema, 2. and 4. use the checkpoint's average of G instead of G.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSvg, trainingChartSpec } from '@deeper/core';
import { ganCurves } from '@deeper/dcgan';
import { buildProgram } from './src/cli';
import { earlierPoints } from './src/commands/gan-train';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'fashion-mnist' }, epochs: { type: 'string', default: '3' }, seed: { type: 'string', default: '0' },
    out: { type: 'string', default: 'runs/dcgan-fashion-cond' }, n: { type: 'string', default: '2000' }, seeds: { type: 'string', default: '1' }, figures: { type: 'string', default: 'docs/results/dcgan' },
    'base-filters': { type: 'string', default: '64' }, step: { type: 'string' }, 'skip-train': { type: 'boolean', default: false },
    'ema-decay': { type: 'string', default: '0.999' }, ema: { type: 'boolean', default: false },
    'lr-schedule': { type: 'string', default: 'constant' }, 'lr-hold-epochs': { type: 'string', default: '0' }, classifier: { type: 'string' }, conditioning: { type: 'string', default: 'concat' },
    'full-resolution-channels': { type: 'string', default: '0' }, 'discriminator-full-resolution-channels': { type: 'string', default: '0' },
    'discriminator-normalization': { type: 'string', default: 'batch' }, limit: { type: 'string' }, 'batch-size': { type: 'string', default: '64' },
  },
});

// The recipe: the paper's Adam (2e-4, β1 0.5), N(0, 0.02) weights, uniform z and b = 64 base
// filters; half its batch (64), so that the shared 2-core machine takes more steps per hour;
// an average of G's weights with β = 0.999 (Yazıcı et al. 2019) to sample and score from.
// The feature classifier of the score: see 4. above.
const experiment = {
  dataset: args.dataset!, epochs: args.epochs!, seed: args.seed!, baseFilters: args['base-filters']!, batchSize: args['batch-size']!, limit: args.limit ?? null, sampleEvery: '300', checkpointEvery: '300', emaDecay: args['ema-decay']!,
  lrSchedule: args['lr-schedule']!, lrHoldEpochs: args['lr-hold-epochs']!, conditioning: args.conditioning!, fullResolutionChannels: args['full-resolution-channels']!,
  discriminatorFullResolutionChannels: args['discriminator-full-resolution-channels']!, discriminatorNormalization: args['discriminator-normalization']!,
};
console.log(JSON.stringify({ experiment: 'dcgan-fashion-mnist', ...experiment, out: args.out, n: args.n, seeds: args.seeds, ema: args.ema, figures: args.figures }));

const deeper = async (...argv: string[]) => {
  const t0 = performance.now();
  await buildProgram().parseAsync(['node', 'deeper', ...argv]);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`deeper ${argv.join(' ')}  (${seconds.toFixed(0)} s)`);
  return seconds;
};

const out = args.out!;
const figures = args.figures!;
const prefix = args.dataset === 'mnist' ? 'mnist' : 'fashion';
mkdirSync(figures, { recursive: true });
if (!args['skip-train']) {
  await deeper('gan', 'train', '--dataset', experiment.dataset, '--conditional', '--base-filters', experiment.baseFilters, '--batch-size', experiment.batchSize,
    '--epochs', experiment.epochs, '--seed', experiment.seed, '--sample-every', experiment.sampleEvery, '--checkpoint-every', experiment.checkpointEvery, '--ema-decay', experiment.emaDecay,
    '--lr-schedule', experiment.lrSchedule, ...(experiment.lrSchedule === 'constant' ? [] : ['--lr-hold-epochs', experiment.lrHoldEpochs]), '--conditioning', experiment.conditioning, '--full-resolution-channels', experiment.fullResolutionChannels,
    '--discriminator-full-resolution-channels', experiment.discriminatorFullResolutionChannels, '--discriminator-normalization', experiment.discriminatorNormalization,
    ...(experiment.limit === null ? [] : ['--limit', experiment.limit]), '--out', out);
}
const step = [...(args.step === undefined ? [] : ['--step', args.step]), ...(args.ema ? ['--ema'] : [])];
await deeper('gan', 'sample', '--run', out, ...step, '--n', '100', '--seed', '1', '--out', join(figures, `${prefix}-samples.png`));
await deeper('gan', 'interpolate', '--run', out, ...step, '--steps', '10', '--rows', '4', '--seed', '2', '--out', join(figures, `${prefix}-interpolation.png`));
// The whole run's curves from its metrics.jsonl (the run's own plot is redrawn only at epoch ends).
writeFileSync(join(figures, `${prefix}-losses.svg`), await renderSvg(trainingChartSpec(earlierPoints(join(out, 'metrics.jsonl'), null), `${prefix} DCGAN (conditional)`, ganCurves.metrics)));
const json: string[] = [];
const log = console.log;
console.log = (line: string) => (String(line).startsWith('{') ? json.push(line) : log(line));
let seconds: number;
try {
  seconds = await deeper('gan', 'score', '--run', out, ...step, '--n', args.n!, '--seeds', args.seeds!, ...(args.classifier === undefined ? [] : ['--classifier', args.classifier]), '--json');
} finally {
  console.log = log;
}
console.log(JSON.stringify({ ...JSON.parse(json[json.length - 1]), seconds: Math.round(seconds) }));
