import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { fit } from '@deeper/core';
import { deepCnn } from '../../packages/classify/src/deep-cnn';
import { buildProgram } from '../../experiments/src/cli';
import { samplePng } from '../../experiments/src/commands/gan-sample';
import { interpolationPng } from '../../experiments/src/commands/gan-interpolate';
import { buildDcgan } from '../../packages/dcgan/src/dcgan-config';
import { useAsyncReadsOnlyBackend } from '../helpers/async-reads-only-backend';

const GanCommands = suite('deeper gan train | sample | interpolate');
GanCommands.before(async () => {
  await tf.setBackend('cpu');
});

const deeper = (...args: string[]) => buildProgram().exitOverride().configureOutput({ writeErr: () => {} }).parseAsync(['node', 'deeper', '--backend', 'cpu', ...args]);

/**
 * Runs `body` on a fresh run folder of a tiny MNIST GAN with console.error silenced: `train`
 * runs `gan train` into it with the given options added, `error` the same and returns its message.
 */
async function withTinyRun(prefix: string, body: (tools: { dir: string; run: string; train: (...more: string[]) => Promise<unknown>; error: (...more: string[]) => Promise<string> }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const run = join(dir, 'run');
  const quiet = console.error;
  console.error = () => {};
  try {
    const train = (...more: string[]) => deeper('gan', 'train', '--dataset', 'mnist', '--limit', '16', '--batch-size', '8', '--base-filters', '4', '--out', run, ...more);
    const error = async (...more: string[]) => train(...more).then(() => '', (e: Error) => e.message);
    await body({ dir, run, train, error });
  } finally {
    console.error = quiet;
    rmSync(dir, { recursive: true, force: true });
  }
}

GanCommands('trains a tiny run, then samples the same bytes for the same seed and a different grid for another', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-commands-'));
  const run = join(dir, 'run');
  const quiet = console.error;
  console.error = () => {};
  try {
    await deeper('gan', 'train', '--dataset', 'mnist', '--limit', '16', '--epochs', '1', '--batch-size', '8', '--base-filters', '4', '--conditional', '--out', run);
    const sample = async (seed: string, out: string, ...more: string[]) => {
      await deeper('gan', 'sample', '--run', run, '--n', '10', '--seed', seed, '--out', join(dir, out), ...more);
      return readFileSync(join(dir, out));
    };
    const [a, b, c] = [await sample('5', 'a.png'), await sample('5', 'b.png'), await sample('6', 'c.png')];
    assert.ok(a.equals(b), 'same seed, same bytes');
    assert.not.ok(a.equals(c), 'another seed, another grid');
    assert.not.ok((await sample('5', 'd.png', '--class', '3')).equals(a), '--class changes the images');
    const [standing, standingAgain] = [await sample('5', 'e.png', '--standing-stats', '3'), await sample('5', 'f.png', '--standing-stats', '3')];
    assert.not.ok(standing.equals(a), '--standing-stats replaces the moving statistics');
    assert.ok(standing.equals(standingAgain), 'same seed, same bytes with --standing-stats too');
    await deeper('gan', 'interpolate', '--run', run, '--steps', '6', '--rows', '2', '--seed', '1', '--out', join(dir, 'strip.png'));
    const strip = readFileSync(join(dir, 'strip.png'));
    assert.equal([strip.readUInt32BE(16), strip.readUInt32BE(20)], [6 * 29 + 1, 2 * 29 + 1]);
    // Bad input is refused by name.
    const error = async (...args: string[]) => deeper(...args).then(() => '', (e: Error) => e.message);
    assert.match(await error('gan', 'sample', '--run', run, '--n', '0', '--out', join(dir, 'x.png')), /--n to be a positive integer, but received "0"/);
    assert.match(await error('gan', 'sample', '--run', run, '--class', '10', '--out', join(dir, 'x.png')), /--class to be an integer in \[0, 9\], but received "10"/);
    assert.match(await error('gan', 'score', '--run', run, '--standing-stats', '0'), /--standing-stats to be a positive integer, but received "0"/);
    // A cached classifier is reused as recorded in its classifier.json; a typed setting that differs from the record is refused, not silently ignored.
    mkdirSync(join(run, 'classifier', 'checkpoints'), { recursive: true });
    writeFileSync(join(run, 'classifier', 'classifier.json'), JSON.stringify({ model: 'deepCnn', dataset: 'mnist', epochs: 1, limit: 40, seed: 0, test_accuracy: 0.5 }));
    assert.match(await error('gan', 'score', '--run', run, '--n', '20', '--classifier-epochs', '8'),
      /--classifier-epochs to be 1, the setting of the classifier already trained into .*classifier \(.*classifier.json\), but received "8"/);
    assert.match(await error('gan', 'score', '--run', run, '--n', '20', '--classifier-limit', '50'), /--classifier-limit to be 40, the setting/);
    assert.match(await error('gan', 'score', '--run', run, '--n', '20', '--classifier-epochs', '1'), /loading .*classifier.checkpoints expects a complete checkpoint/, 'matching settings go on to load it');
    assert.match(await error('gan', 'train', '--dataset', 'cifar', '--out', run), /--dataset to be one of mnist, fashion-mnist, dir, but received "cifar"/);
    assert.match(await error('gan', 'train', '--dataset', 'mnist', '--limit', '16', '--epochs', '1', '--batch-size', '4', '--base-filters', '4', '--conditional', '--out', run), /received train .* where it has/);
    assert.match(await error('gan', 'sample', '--run', dir, '--out', join(dir, 'x.png')), /expects --run to be a run folder written by `deeper gan train`/);
  } finally {
    console.error = quiet;
    rmSync(dir, { recursive: true, force: true });
  }
});

GanCommands('a resumed run may add epochs and an average of G; sample --ema draws from that average, and is refused where a checkpoint keeps none', async () => {
  await withTinyRun('gan-commands-ema-', async ({ dir, run, train, error }) => {
    const sample = async (out: string, ...more: string[]) => {
      await deeper('gan', 'sample', '--run', run, '--n', '10', '--seed', '5', '--out', join(dir, out), ...more);
      return readFileSync(join(dir, out));
    };
    await train('--conditional', '--epochs', '1');
    const sampleError = await deeper('gan', 'sample', '--run', run, '--ema', '--out', join(dir, 'x.png')).then(() => '', (e: Error) => e.message);
    assert.match(sampleError, /deeper gan sample expects checkpoint .*step-00000002 to keep an average of the generator's weights \(generator-ema\/\), but it keeps none/);
    // A run recorded before learning-rate schedules existed (no train.schedule) resumes as a constant-rate run.
    const recorded = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    delete recorded.train.schedule;
    writeFileSync(join(run, 'config.json'), JSON.stringify(recorded));
    await train('--conditional', '--epochs', '3', '--ema-decay', '0.9');
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.equal([config.train.epochs, config.train.emaDecay], [3, 0.9], 'config.json records the extension');
    assert.equal(JSON.parse(readFileSync(join(run, 'checkpoints', 'step-00000006', 'gan-state.json'), 'utf8')).ema, { decay: 0.9, updates: 4 });
    const [live, averaged, again] = [await sample('live.png'), await sample('ema.png', '--ema'), await sample('ema2.png', '--ema')];
    assert.not.ok(live.equals(averaged), '--ema samples another network');
    assert.ok(averaged.equals(again), 'same seed, same bytes with --ema too');
    assert.match(await error('--conditional', '--epochs', '2'),
      /--epochs to be at least the 3 epochs the run in .* has trained \(to step 6\) to resume it \(more extend it\), but received "2"/);
    // A constant-rate run may end sooner than recorded, at no fewer epochs than it has trained: as if recorded for 9 and stopped at step 6.
    writeFileSync(join(run, 'config.json'), JSON.stringify({ ...config, train: { ...config.train, epochs: 9 } }));
    await train('--conditional', '--epochs', '4', '--ema-decay', '0.9');
    assert.is(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).train.epochs, 4);
    assert.ok(existsSync(join(run, 'checkpoints', 'step-00000008', 'gan-state.json')), 'trained to the end of epoch 4');
  });
});

GanCommands('--lr-schedule cosine records a schedule that ends at the run\'s last step, resumes with it, and refuses to be extended', async () => {
  await withTinyRun('gan-commands-cosine-', async ({ run, train, error }) => {
    assert.match(await error('--lr-schedule', 'step'), /--lr-schedule to be one of constant, cosine, linear, but received "step"/);
    assert.match(await error('--lr-hold-epochs', '1'), /--lr-hold-epochs to be unset unless --lr-schedule is cosine or linear/);
    assert.match(await error('--epochs', '2', '--lr-schedule', 'linear', '--lr-hold-epochs', '2'), /--lr-hold-epochs to be fewer than the run's 2 epochs/);
    assert.match(await error('--lr-min', '0.0001'), /--lr-min to be unset unless --lr-schedule is cosine/);
    await train('--epochs', '2', '--lr-schedule', 'cosine', '--lr-min', '0.00001', '--checkpoint-every', '2');
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.equal([config.train.schedule.name, config.train.schedule.totalSteps, config.train.schedule.minLr], ['cosine', 4, 0.00001], '2 epochs of 2 steps');
    assert.match(await error('--epochs', '3', '--lr-schedule', 'cosine', '--lr-min', '0.00001'),
      /--epochs to be the 2 epochs of the run in .*: its cosine schedule ends at step 4 and has decayed the rate since step 0, before its checkpoint at step 4, so it cannot be extended, but received "3"/);
    assert.match(await error('--epochs', '2'), /received train .* where it has/);
  });
});

/** The weight files of G and D in a run's checkpoint at `step`. */
const weightsOf = (run: string, step: number) => ['generator', 'discriminator'].map((part) => readFileSync(join(run, 'checkpoints', `step-${String(step).padStart(8, '0')}`, part, 'weights.bin')));

GanCommands('a constant-rate run takes a linear decay it has not reached on resume (CycleGAN\'s schedule): the same weights as the schedule from the start', async () => {
  let fromStart: Buffer[] = [];
  await withTinyRun('gan-commands-hold-', async ({ run, train }) => {
    await train('--epochs', '4', '--lr-schedule', 'linear', '--lr-hold-epochs', '2', '--checkpoint-every', '2');
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.equal([config.train.schedule.name, config.train.schedule.holdSteps, config.train.schedule.totalSteps], ['linear', 4, 8], '4 epochs of 2 steps, 2 held');
    fromStart = weightsOf(run, 8);
  });
  await withTinyRun('gan-commands-switch-', async ({ run, train, error }) => {
    await train('--epochs', '3', '--checkpoint-every', '2');
    assert.match(await error('--epochs', '4', '--lr-schedule', 'linear', '--lr-hold-epochs', '2'),
      /--lr-hold-epochs to be at least 3 for the run in .*, which has trained to step 6 at the base rate \(a hold of 4 steps would change the rates of steps already taken\), but received "2"/);
    assert.match(await error('--epochs', '4', '--lr-schedule', 'linear', '--lr-hold-epochs', '3', '--lr', '0.001'), /received train .* where it has/, 'other options are still checked');
    await train('--epochs', '4', '--lr-schedule', 'linear', '--lr-hold-epochs', '3', '--checkpoint-every', '2');
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.equal([config.train.epochs, config.train.schedule.name, config.train.schedule.holdSteps, config.train.schedule.totalSteps], [4, 'linear', 6, 8]);
    assert.match(await error('--epochs', '5', '--lr-schedule', 'linear', '--lr-hold-epochs', '3'), /its linear schedule ends at step 8 and has decayed the rate since step 6, before its checkpoint at step 8, so it cannot be extended/);
  });
  // The switch at step 6 of 8 with a hold of 6 steps against the same decay from the start held for 4: the rates differ, so do the weights;
  // the same hold from the start gives the same bytes.
  await withTinyRun('gan-commands-hold6-', async ({ run, train }) => {
    await train('--epochs', '4', '--lr-schedule', 'linear', '--lr-hold-epochs', '3', '--checkpoint-every', '2');
    const held6 = weightsOf(run, 8);
    assert.not.ok(held6[0].equals(fromStart[0]), 'a longer hold, other weights');
    fromStart = held6;
  });
  await withTinyRun('gan-commands-switch-again-', async ({ run, train }) => {
    await train('--epochs', '3', '--checkpoint-every', '2');
    await train('--epochs', '4', '--lr-schedule', 'linear', '--lr-hold-epochs', '3', '--checkpoint-every', '2');
    const switched = weightsOf(run, 8);
    assert.ok(switched[0].equals(fromStart[0]) && switched[1].equals(fromStart[1]), 'constant for 3 epochs, then the decay: the bytes of the schedule set from the start');
  });
});

GanCommands('a run still in the hold before its decay may postpone and lengthen it on resume: the same weights as that schedule from the start', async () => {
  let fromStart: Buffer[] = [];
  await withTinyRun('gan-commands-hold4-', async ({ run, train }) => {
    await train('--epochs', '5', '--lr-schedule', 'linear', '--lr-hold-epochs', '4', '--checkpoint-every', '2');
    fromStart = weightsOf(run, 10);
  });
  await withTinyRun('gan-commands-postpone-', async ({ run, train, error }) => {
    await train('--epochs', '4', '--lr-schedule', 'linear', '--lr-hold-epochs', '3', '--checkpoint-every', '2');
    // Back to step 4, inside the hold of 6 steps (a kill there, or a fork from that checkpoint).
    for (const step of [6, 8]) rmSync(join(run, 'checkpoints', `step-${String(step).padStart(8, '0')}`), { recursive: true });
    assert.match(await error('--epochs', '5', '--lr-schedule', 'linear', '--lr-hold-epochs', '1'),
      /--lr-hold-epochs to be at least 2 for the run in .*, which has trained to step 4 at the base rate \(a hold of 2 steps would change the rates of steps already taken\), but received "1"/);
    await train('--epochs', '5', '--lr-schedule', 'linear', '--lr-hold-epochs', '4', '--checkpoint-every', '2');
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.equal([config.train.epochs, config.train.schedule.holdSteps, config.train.schedule.totalSteps], [5, 8, 10]);
    const postponed = weightsOf(run, 10);
    assert.ok(postponed[0].equals(fromStart[0]) && postponed[1].equals(fromStart[1]), 'held for 2 epochs under the old schedule, then the new one: the bytes of the new one from the start');
  });
});

GanCommands('--conditioning projection and --loss hinge train, are recorded, resume, and are refused where they cannot apply', async () => {
  await withTinyRun('gan-commands-projection-', async ({ dir, run, train, error }) => {
    assert.match(await error('--conditional', '--conditioning', 'film'), /--conditioning to be one of concat, projection, but received "film"/);
    assert.match(await error('--conditioning', 'projection'), /--conditioning to be unset unless --conditional/);
    assert.match(await error('--loss', 'wasserstein'), /--loss to be one of nonsaturating, hinge, but received "wasserstein"/);
    assert.match(await error('--loss', 'hinge', '--label-smoothing', '0.1'), /--label-smoothing to be 0 with --loss hinge/);
    await train('--conditional', '--conditioning', 'projection', '--loss', 'hinge', '--epochs', '1');
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.equal([config.model.conditioning, config.train.loss], ['projection', 'hinge']);
    assert.match(await error('--conditional', '--epochs', '2'), /received model .*"conditioning":"concat".* where it has .*"conditioning":"projection"/);
    assert.match(await error('--conditional', '--conditioning', 'projection', '--epochs', '2'), /received train .*"loss":"nonsaturating".* where it has .*"loss":"hinge"/);
    await train('--conditional', '--conditioning', 'projection', '--loss', 'hinge', '--epochs', '2');
    assert.ok(existsSync(join(run, 'checkpoints', 'step-00000004', 'gan-state.json')), 'resumed to the second epoch');
    await deeper('gan', 'sample', '--run', run, '--n', '10', '--class', '3', '--out', join(dir, 'grid.png'));
    assert.ok(readFileSync(join(dir, 'grid.png')).length > 0);
  });
});

GanCommands('--discriminator-normalization spectral and --discriminator-lr train, are recorded, resume, are checked on resume and refused when bad', async () => {
  await withTinyRun('gan-commands-spectral-', async ({ run, train, error }) => {
    assert.match(await error('--discriminator-normalization', 'layer'), /--discriminator-normalization to be one of batch, spectral, but received "layer"/);
    assert.match(await error('--discriminator-lr', '0'), /--discriminator-lr to be a number in \[1e-8, 1\], but received "0"/);
    await train('--discriminator-normalization', 'spectral', '--discriminator-lr', '0.0004', '--epochs', '1');
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.is(config.model.discriminatorNormalization, 'spectral');
    assert.equal([config.train.learningRate, config.train.discriminatorLearningRate], [0.0002, 0.0004]);
    const topology = JSON.stringify(JSON.parse(readFileSync(join(run, 'checkpoints', 'step-00000002', 'discriminator', 'model.json'), 'utf8')).modelTopology);
    assert.match(topology, /"class_name":"SpectralConv2D"/);
    assert.not.match(topology, /"class_name":"BatchNormalization"/);
    assert.match(await error('--epochs', '2'), /received model .*"discriminatorNormalization":"batch".* where it has .*"discriminatorNormalization":"spectral"/);
    assert.match(await error('--discriminator-normalization', 'spectral', '--epochs', '2'), /received train .*"discriminatorLearningRate":null.* where it has .*"discriminatorLearningRate":0.0004/);
    await train('--discriminator-normalization', 'spectral', '--discriminator-lr', '0.0004', '--epochs', '2');
    assert.ok(existsSync(join(run, 'checkpoints', 'step-00000004', 'gan-state.json')), 'resumed to the second epoch');
  });
});

/** The two full-resolution options: each is recorded, puts its layer into its network's checkpoint, and is checked on resume. */
const fullResolutionOptions = [
  { flag: '--full-resolution-channels', field: 'fullResolutionChannels', network: 'generator', layer: 'full_deconv' },
  { flag: '--discriminator-full-resolution-channels', field: 'discriminatorFullResolutionChannels', network: 'discriminator', layer: 'full_conv' },
];
for (const { flag, field, network, layer } of fullResolutionOptions) {
  GanCommands(`${flag} trains the ${network} with its full-resolution layer, is recorded, and is checked on resume`, async () => {
    await withTinyRun('gan-commands-full-resolution-', async ({ run, train, error }) => {
      assert.match(await error(flag, '-2'), new RegExp(`${flag} to be a non-negative integer, but received "-2"`));
      await train(flag, '4', '--epochs', '1');
      const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
      assert.is(config.model[field], 4);
      const model = JSON.parse(readFileSync(join(run, 'checkpoints', 'step-00000002', network, 'model.json'), 'utf8'));
      assert.match(JSON.stringify(model.modelTopology), new RegExp(`"name":"${layer}"`));
      assert.match(await error('--epochs', '2'), new RegExp(`received model .*"${field}":0.* where it has .*"${field}":4`));
      await train(flag, '4', '--epochs', '2');
      assert.ok(existsSync(join(run, 'checkpoints', 'step-00000004', 'gan-state.json')), 'resumed to the second epoch');
    });
  });
}

GanCommands('score --drs and sample --drs use discriminator-rejection samples of the run, score --seeds averages latent seeds, and bad settings are refused by name', async () => {
  await withTinyRun('gan-commands-drs-', async ({ dir, run, train }) => {
    const fails = async (...args: string[]) => deeper(...args).then(() => '', (e: Error) => e.message);
    await train('--conditional', '--epochs', '1');
    // A feature classifier in a run folder of fit's (one step on ten images: the scores need its features, not its accuracy).
    const classifier = join(dir, 'classifier');
    await lastValueFrom(fit(deepCnn({ seed: 0 }), { x: new Float32Array(10 * 784).fill(0.5), y: Array.from({ length: 10 }, (_, k) => k), sampleShape: [28, 28, 1] },
      { epochs: 1, batchSize: 10, runDir: classifier }), { defaultValue: null });
    assert.match(await fails('gan', 'score', '--run', run, '--n', '20', '--drs', '--drs-percentile', '101', '--classifier', classifier), /--drs-percentile to be a number in \[0, 100\], but received "101"/);
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      await deeper('gan', 'score', '--run', run, '--n', '20', '--drs', '--classifier', classifier, '--json');
      await deeper('gan', 'score', '--run', run, '--n', '20', '--drs', '--drs-percentile', 'exact', '--classifier', classifier, '--json');
      await deeper('gan', 'score', '--run', run, '--n', '20', '--drs', '--seeds', '2', '--classifier', classifier, '--json');
    } finally {
      console.log = log;
    }
    const [median, exact, twoSeeds] = lines.map((line) => JSON.parse(line));
    for (const score of [median, exact, twoSeeds]) {
      assert.ok(score.fd > 0 && score.fd_real_floor > 0, JSON.stringify(score));
      assert.ok(score.conditional_accuracy >= 0 && score.conditional_accuracy <= 1);
      assert.is(score.drs_acceptance_by_seed.length, score.seeds.length);
      score.drs_acceptance_by_seed.forEach((a: number, i: number) => assert.ok(a > 0 && a <= 1 && score.drs_candidates_by_seed[i] >= 20, JSON.stringify(score)));
    }
    // --seeds 2 with --drs: the first seed's rejection sample is --seed 0's alone.
    assert.equal([twoSeeds.seeds, twoSeeds.drs_acceptance_by_seed[0], twoSeeds.fd_by_seed[0]], [[0, 1], median.drs_acceptance_by_seed[0], median.fd]);
    // --seeds k: k sets of latent points, each as its own --seed would score it, and their means.
    lines.length = 0;
    console.log = (line: string) => lines.push(line);
    try {
      for (const more of [['--seed', '4'], ['--seed', '5'], ['--seed', '4', '--seeds', '2'], ['--seed', '4', '--reference-draws', '1']]) {
        await deeper('gan', 'score', '--run', run, '--n', '20', ...more, '--classifier', classifier, '--json');
      }
    } finally {
      console.log = log;
    }
    const [four, five, both, fourOneDraw] = lines.map((line) => JSON.parse(line));
    // MNIST holds one reference: a typed --reference-draws 1 is the default's score.
    assert.equal(fourOneDraw, four);
    assert.equal([four.seeds, five.seeds, both.seeds], [[4], [5], [4, 5]]);
    assert.equal(both.fd_by_seed, [four.fd, five.fd]);
    assert.not.equal(four.fd, five.fd, 'another seed, another FD');
    assert.ok(Math.abs(both.fd - (four.fd + five.fd) / 2) < 1e-12);
    assert.is(both.fd_real_floor, four.fd_real_floor);
    assert.is(both.modes_covered, Math.min(four.modes_covered, five.modes_covered));
    assert.ok(Math.abs(both.conditional_accuracy - (four.conditional_accuracy + five.conditional_accuracy) / 2) < 1e-12);
    both.class_fractions.forEach((f: number, k: number) => assert.ok(Math.abs(f - (four.class_fractions[k] + five.class_fractions[k]) / 2) < 1e-12, `class ${k}`));
    assert.match(await fails('gan', 'score', '--run', run, '--n', '20', '--seeds', '0', '--classifier', classifier), /--seeds to be a positive integer, but received "0"/);
    assert.match(await fails('gan', 'score', '--run', run, '--n', '20', '--reference-draws', '2', '--classifier', classifier),
      /--reference-draws to be 1 for mnist \(its one split of digits holds one reference beside the floor's half\), but received 2/);
    assert.equal([four.reference_draws, four.fd_by_reference], [1, [four.fd]]);
    assert.match(await fails('gan', 'score', '--run', run, '--n', '25', '--drs', '--classifier', classifier), /n to be a multiple of the 10 classes.*but received 25/);
    const sample = async (out: string, ...more: string[]) => {
      await deeper('gan', 'sample', '--run', run, '--n', '20', '--seed', '3', '--out', join(run, out), ...more);
      return readFileSync(join(run, out));
    };
    const [drs, drsAgain, plain] = [await sample('drs.png', '--drs'), await sample('drs2.png', '--drs'), await sample('plain.png')];
    assert.ok(drs.equals(drsAgain), 'same seed, same bytes with --drs');
    assert.not.ok(drs.equals(plain), '--drs keeps other samples');
    assert.match(await fails('gan', 'sample', '--run', run, '--drs', '--class', '2', '--out', join(run, 'x.png')), /--class to be absent with --drs/);
  });
});

GanCommands('score on Fashion-MNIST: means over --reference-draws disjoint sets of training images (default 6), and an --n or a count of draws the splits cannot hold is refused before it generates any', async () => {
  if (!existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')) {
    console.log('skipping: /usr/share/datasets/fashion-mnist is absent (apt-get install dataset-fashion-mnist)');
    return;
  }
  await withTinyRun('gan-commands-fashion-n-', async ({ dir, run }) => {
    const fails = async (...args: string[]) => deeper(...args).then(() => '', (e: Error) => e.message);
    await deeper('gan', 'train', '--dataset', 'fashion-mnist', '--limit', '16', '--batch-size', '8', '--base-filters', '4', '--epochs', '1', '--conditional', '--out', run);
    assert.match(await fails('gan', 'score', '--run', run, '--n', '10001'), /deeper gan score expects --n to be at most 10000 for fashion-mnist \(the images of its test split, the floor's half\), but received 10001/);
    assert.match(await fails('gan', 'score', '--run', run, '--n', '10000', '--reference-draws', '7'),
      /deeper gan score expects --reference-draws to be at most 6 at --n 10000 \(disjoint sets of n among the 60000 training images of fashion-mnist\), but received 7/);
    assert.match(await fails('gan', 'score', '--run', run, '--reference-draws', '0'), /--reference-draws to be a positive integer, but received "0"/);
    const classifier = join(dir, 'classifier');
    await lastValueFrom(fit(deepCnn({ seed: 0 }), { x: new Float32Array(10 * 784).fill(0.5), y: Array.from({ length: 10 }, (_, k) => k), sampleShape: [28, 28, 1] },
      { epochs: 1, batchSize: 10, runDir: classifier }), { defaultValue: null });
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      for (const more of [[], ['--reference-draws', '1'], ['--reference-draws', '2', '--seeds', '2']]) await deeper('gan', 'score', '--run', run, '--n', '20', ...more, '--classifier', classifier, '--json');
    } finally {
      console.log = log;
    }
    const [six, one, two] = lines.map((line) => JSON.parse(line));
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    assert.equal([six.reference_draws, one.reference_draws, two.reference_draws], [6, 1, 2]);
    // The first reference is the one of a single draw (the first n training images); the others are the next sets of n.
    assert.equal([one.fd_by_reference, one.fd_real_floor_by_reference], [[one.fd], [one.fd_real_floor]]);
    assert.equal([six.fd_by_reference[0], six.fd_real_floor_by_reference[0]], [one.fd, one.fd_real_floor]);
    assert.equal(two.fd_real_floor_by_reference, six.fd_real_floor_by_reference.slice(0, 2));
    assert.is(new Set(six.fd_real_floor_by_reference).size, 6, 'six sets, six floors');
    assert.ok(Math.abs(six.fd - mean(six.fd_by_reference)) < 1e-12 && Math.abs(six.fd_real_floor - mean(six.fd_real_floor_by_reference)) < 1e-12, JSON.stringify(six));
    // With --seeds, each reference's FD is the mean over the seeds, and the FD the mean of both.
    assert.ok(Math.abs(two.fd_by_seed[0] - mean(six.fd_by_reference.slice(0, 2))) < 1e-12, JSON.stringify(two));
    assert.ok(Math.abs(two.fd - mean(two.fd_by_seed)) < 1e-12 && Math.abs(two.fd - mean(two.fd_by_reference)) < 1e-12, JSON.stringify(two));
  });
});

GanCommands('SIGTERM mid-run stops after that step with a checkpoint there and prints the command that resumes it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-commands-signal-'));
  const run = join(dir, 'run');
  const quiet = console.error;
  const log = console.log;
  const printed: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  let sent = false;
  console.error = () => {};
  console.log = (...parts: unknown[]) => printed.push(parts.join(' '));
  // Progress lines go to stderr on a pipe, one per step with --every 1: the signal follows step 1's.
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (!sent && /step 1 /.test(String(chunk))) {
      sent = true;
      process.emit('SIGTERM', 'SIGTERM');
    }
    return /step \d/.test(String(chunk)) ? true : (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    const args = ['gan', 'train', '--dataset', 'mnist', '--limit', '32', '--epochs', '1', '--batch-size', '8', '--base-filters', '4', '--every', '1', '--checkpoint-every', '100', '--out', run];
    const argv = process.argv;
    process.argv = [argv[0], 'deeper', ...args];
    try {
      await deeper(...args);
    } finally {
      process.argv = argv;
    }
    assert.ok(sent);
    const steps = readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'step').map((l) => l.step);
    assert.equal(steps, [1], 'no step after the signal');
    assert.ok(printed.some((l) => l === `interrupted; last checkpoint ${join(run, 'checkpoints', 'step-00000001')}; continue with: deeper ${args.join(' ')}`), printed.join('\n'));
    assert.is(process.listenerCount('SIGTERM'), 0, 'the handler is removed');
  } finally {
    process.stderr.write = write;
    console.error = quiet;
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
});

GanCommands('sample and interpolate read only asynchronously, so they run on WebGPU under Node: the cpu backend\'s PNG bytes on a backend that refuses dataSync', async () => {
  const model = { baseFilters: 4, latentDim: 8, classes: 3, seed: 1 };
  const pngs = async () => {
    const { generator, discriminator } = buildDcgan(model);
    const bytes = [await samplePng(generator, model, 'uniform', 6, 2, null), await interpolationPng(generator, model, 'uniform', 4, 2, 3, 1)];
    generator.dispose();
    discriminator.dispose();
    return bytes;
  };
  const onCpu = await pngs();
  await useAsyncReadsOnlyBackend();
  try {
    assert.throws(() => tf.scalar(1).dataSync(), /synchronous read/);
    const onAsync = await pngs();
    onAsync.forEach((png, i) => assert.ok(png.equals(onCpu[i]), `PNG ${i} differs`));
  } finally {
    await tf.setBackend('cpu');
  }
});

GanCommands.run();
