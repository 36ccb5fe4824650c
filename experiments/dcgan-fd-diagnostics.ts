/**
 * Why is a DCGAN run's Fréchet distance (FD) so many times the real-vs-real floor? Cheap
 * checks on a run folder of `deeper gan train` and the feature classifier that
 * `deeper gan score` trained into it, each printed as one JSON line:
 *
 *   node --import tsx experiments/dcgan-fd-diagnostics.ts --run runs/dcgan-fashion-cond-b64 \
 *     [--n 2000] [--steps 4800,9000,16272] [--average 13500:16272] [--sections real,generated,average]
 *     [--ema] [--classifier DIR] [--seeds 1] [--floor-sets 6] [--train-images 60000]
 *
 * --ema reads each checkpoint's average of G (generator-ema/) instead of G, for --steps and
 * --average alike; --classifier takes the feature classifier from another run folder than
 * <run>/classifier (`deeper gan score --classifier`).
 *
 * real       the scale of the features (trace of Σ, dead units) and the FD of real images that
 *            differ from the reference only in a known way: another draw from the same split,
 *            the test split (the floor), a class mix skewed as far as the coverage target
 *            allows, label-free perturbations (pixel noise, a blur)
 * generated  for each checkpoint of --steps: the FD split into its mean term ‖μ₁ − μ₂‖² and its
 *            covariance term, the per-class FD (generated class k against real class k, beside
 *            the same for real test images), tr Σ of the generated features over the reference's
 *            (trace_sigma_ratio: below 1, less spread than real images), and the FD with the
 *            generator's batch norm on the batch's statistics instead of its moving ones
 * pixels     for each checkpoint of --steps: how dark pixels are spread (the fraction of pixels at exactly
 *            black and in bands up to 20/255, real training images beside generated ones: near-black noise
 *            in a generator's background would show here) and the FD of the generated images as they
 *            are, rounded to the 256 grey levels of the dataset (8-bit, as a PNG stores them), and with
 *            every pixel darker than 2/255 or 5/255 set to black
 * floor      how much the real-vs-real floor depends on which n training images are the
 *            reference: the test images' FD to each of the first --floor-sets disjoint sets of n
 *            training images (what `gan score --reference-draws` averages), each set's FD to the
 *            other training images and to each other set (a floor without the test split), and
 *            the test images' FD to all of them (the reference of the FID convention); then for each checkpoint of --steps, latent seeds 0 … --seeds − 1:
 *            the FD to all the training images, with its ratio to that single floor.
 *            --train-images: the first N training images only (default all)
 * average    one generator whose every weight (batch-norm statistics included) is the mean of
 *            the checkpoints from..to (every one in between): Polyak averaging after the fact
 *            (Yazıcı et al. 2019 average G's weights during training), scored like the others
 *
 * Reference: the first n training images, as `deeper gan score`; generated images ask for the
 * classes 0…9 in turn, latent seed 0.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { latestCheckpoint, loadModel, loadWeightsInto, selectBackend } from '@deeper/core';
import {
  buildDcgan, classifyImages, featureClassifier, frechetDistance, gaussianStats, generateImages, loadGanImages,
  type FeatureClassifier, type GanImages, type GaussianStats,
} from '@deeper/dcgan';
import { intOption, readGanRun } from './src/commands/gan-options';

const { values: args } = parseArgs({
  options: {
    run: { type: 'string', default: 'runs/dcgan-fashion-cond-b64' }, n: { type: 'string', default: '2000' },
    steps: { type: 'string', default: '' }, average: { type: 'string', default: '' }, sections: { type: 'string', default: 'real,generated,average' },
    ema: { type: 'boolean', default: false }, classifier: { type: 'string' }, seeds: { type: 'string', default: '1' },
    'floor-sets': { type: 'string', default: '6' }, 'train-images': { type: 'string' },
  },
});
const who = 'dcgan-fd-diagnostics';
const runDir = args.run!;
const n = intOption(who, '--n', args.n);
const latentSeeds = intOption(who, '--seeds', args.seeds);
const floorSets = intOption(who, '--floor-sets', args['floor-sets']);
const sections = new Set(args.sections!.split(','));
await selectBackend('auto');
const config = readGanRun(who, runDir);
if (config.dataset !== 'fashion-mnist') throw new Error(`${who} expects a fashion-mnist run (train and test splits), but ${runDir} trained on ${config.dataset}`);
const t0 = performance.now();
const print = (record: Record<string, unknown>) => console.log(JSON.stringify({ ...record, seconds: Math.round((performance.now() - t0) / 1000) }));

const fc: FeatureClassifier = featureClassifier(await loadModel(latestCheckpoint(args.classifier ?? join(runDir, 'classifier'))));
/** The generator's weights in a checkpoint: G's own, or with --ema its average. */
const weightsOf = args.ema ? 'generator-ema' : 'generator';
const size = config.model.imageSize;
const per = size * size;
const train = loadGanImages({ dataset: 'fashion-mnist', split: 'train', size });
const test = loadGanImages({ dataset: 'fashion-mnist', split: 'test', size });
const classes = config.model.classes;

/** Images `rows` of `data` as one array. */
const pick = (data: GanImages, rows: ArrayLike<number>) => {
  const out = new Float32Array(rows.length * per);
  for (let i = 0; i < rows.length; i++) out.set(data.images.subarray(rows[i] * per, (rows[i] + 1) * per), i * per);
  return out;
};
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const featuresOf = async (images: Float32Array, count: number) => classifyImages(fc, images, count, size, 1);
const statsOf = (f: { features: Float32Array; dim: number }, count: number) => gaussianStats(f.features, count, f.dim);
const meanTerm = (a: GaussianStats, b: GaussianStats) => a.mean.reduce((s, m, j) => s + (m - b.mean[j]) ** 2, 0);
const fdParts = (a: GaussianStats, b: GaussianStats) => {
  const fd = frechetDistance(a, b);
  const mean = meanTerm(a, b);
  return { fd: round(fd), mean_term: round(mean), covariance_term: round(fd - mean) };
};
const round = (x: number) => Math.round(x * 1e4) / 1e4;
/** tr Σ: the features' total variance (below 1 against the reference: less spread than real images). */
const traceOf = (a: GaussianStats) => a.mean.reduce((t, _, j) => t + a.covariance[j * a.dim + j], 0);

const reference = await featuresOf(pick(train, range(0, n)), n);
const refStats = statsOf(reference, n);
/** Rows of `data` with label k, in order. */
const rowsOf = (data: GanImages, k: number) => range(0, data.count).filter((i) => data.labels![i] === k);

/** Per-class reference statistics: real training images of class k (m of them, after the first n rows). */
const perClass = Math.floor(n / classes);
const classRef: GaussianStats[] = [];
for (let k = 0; k < classes; k++) {
  const rows = rowsOf(train, k).filter((i) => i >= n).slice(0, perClass);
  classRef.push(statsOf(await featuresOf(pick(train, rows), rows.length), rows.length));
}

if (sections.has('real')) {
  let traceSigma = 0;
  let dead = 0;
  for (let j = 0; j < refStats.dim; j++) {
    const v = refStats.covariance[j * refStats.dim + j];
    traceSigma += v;
    if (v < 1e-6) dead++;
  }
  print({ section: 'real', what: 'feature scale of the reference', n, dim: refStats.dim, trace_sigma: round(traceSigma), mean_norm2: round(refStats.mean.reduce((s, m) => s + m * m, 0)), dead_units: dead });
  print({ section: 'real', what: 'train rows n..2n vs the reference (same split)', n, ...fdParts(statsOf(await featuresOf(pick(train, range(n, n)), n), n), refStats) });
  const heldImages = pick(test, range(0, n));
  print({ section: 'real', what: 'test rows 0..n vs the reference (the floor of gan score)', n, ...fdParts(statsOf(await featuresOf(heldImages, n), n), refStats) });
  // The coverage target allows 5–15 % per class: half the classes at 5 %, half at 15 %.
  const skewed = Array.from({ length: classes }, (_, k) => rowsOf(test, k).slice(0, Math.round(n * (k % 2 === 0 ? 0.05 : 0.15)))).flat();
  print({ section: 'real', what: 'test images, even classes 5 % and odd 15 %', n: skewed.length, ...fdParts(statsOf(await featuresOf(pick(test, skewed), skewed.length), skewed.length), refStats) });
  const mild = Array.from({ length: classes }, (_, k) => rowsOf(test, k).slice(0, Math.round(n * (k % 2 === 0 ? 0.09 : 0.11)))).flat();
  print({ section: 'real', what: 'test images, even classes 9 % and odd 11 %', n: mild.length, ...fdParts(statsOf(await featuresOf(pick(test, mild), mild.length), mild.length), refStats) });
  // Shirts (6) drawn as T-shirts (0): one class's images replaced by a neighbouring class's.
  const swapped = Array.from({ length: classes }, (_, k) => rowsOf(test, k === 6 ? 0 : k).slice(k === 6 ? perClass : 0, (k === 6 ? 2 : 1) * perClass)).flat();
  print({ section: 'real', what: 'test images, the shirts replaced by more T-shirts', n: swapped.length, ...fdParts(statsOf(await featuresOf(pick(test, swapped), swapped.length), swapped.length), refStats) });
  for (const sigma of [0.02, 0.05, 0.1]) {
    const noisy = tf.tidy(() => tf.clipByValue(tf.tensor1d(heldImages).add(tf.randomNormal([heldImages.length], 0, sigma, 'float32', 7)), -1, 1).dataSync() as Float32Array);
    print({ section: 'real', what: `test images plus Gaussian pixel noise, sigma ${sigma} (pixels in [-1, 1])`, n, ...fdParts(statsOf(await featuresOf(noisy, n), n), refStats) });
  }
  const blurred = tf.tidy(() => {
    const x = tf.tensor4d(heldImages, [n, size, size, 1]);
    const kernel = tf.tensor4d([1, 2, 1, 2, 4, 2, 1, 2, 1].map((v) => v / 16), [3, 3, 1, 1]);
    return tf.conv2d(x, kernel, 1, 'same').dataSync() as Float32Array;
  });
  print({ section: 'real', what: 'test images blurred with a 3×3 binomial kernel', n, ...fdParts(statsOf(await featuresOf(blurred, n), n), refStats) });
  const heldByClass: number[] = [];
  for (let k = 0; k < classes; k++) {
    const rows = rowsOf(test, k).slice(0, perClass);
    heldByClass.push(frechetDistance(statsOf(await featuresOf(pick(test, rows), rows.length), rows.length), classRef[k]));
  }
  print({ section: 'real', what: 'per class: test images of class k vs training images of class k', per_class_n: perClass, fd_by_class: heldByClass.map(round), mean: round(heldByClass.reduce((a, b) => a + b) / classes) });
}

/** Scores generator `g` (its images ask for the classes in turn) against the reference, overall and per class. */
async function scoreGenerator(g: tf.LayersModel, label: Record<string, unknown>, training: boolean): Promise<void> {
  let images: Float32Array;
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  if (!training) images = (await generateImages(g, config.model.latentDim, classes, { n, seed: 0, latent: config.train.latent, batchSize: 500 })).images;
  else {
    // The batch's own statistics in every batch norm (training mode), batches of 500 with every class; the moving statistics are put back after.
    const saved = g.weights.map((w) => w.read().clone());
    images = new Float32Array(n * per);
    const z = tf.randomUniform([n, config.model.latentDim], -1, 1, 'float32', 0.5);
    for (let start = 0; start < n; start += 500) {
      const rows = Math.min(500, n - start);
      tf.tidy(() => {
        const y = tf.oneHot(tf.tensor1d(labels.subarray(start, start + rows), 'int32'), classes).toFloat();
        images.set((g.apply([z.slice([start, 0], [rows, config.model.latentDim]), y], { training: true }) as tf.Tensor).dataSync(), start * per);
      });
    }
    z.dispose();
    g.weights.forEach((w, i) => w.write(saved[i]));
    tf.dispose(saved);
  }
  const f = await featuresOf(images, n);
  let correct = 0;
  for (let i = 0; i < n; i++) if (f.predicted[i] === labels[i]) correct++;
  const byClass = Array.from({ length: classes }, (_, k) => {
    const rows = range(0, n).filter((i) => labels[i] === k).slice(0, perClass);
    const fk = new Float32Array(rows.length * f.dim);
    rows.forEach((r, i) => fk.set(f.features.subarray(r * f.dim, (r + 1) * f.dim), i * f.dim));
    return frechetDistance(gaussianStats(fk, rows.length, f.dim), classRef[k]);
  });
  const stats = statsOf(f, n);
  print({ ...label, batch_norm: training ? 'batch statistics' : 'moving statistics', n, ...fdParts(stats, refStats), trace_sigma_ratio: round(traceOf(stats) / traceOf(refStats)),
    conditional_accuracy: round(correct / n), per_class_n: perClass, fd_by_class: byClass.map(round), fd_by_class_mean: round(byClass.reduce((a, b) => a + b) / classes) });
}

const checkpointDir = (step: number) => join(runDir, 'checkpoints', `step-${String(step).padStart(8, '0')}`);
const { generator, discriminator } = buildDcgan(config.model);
discriminator.dispose();

if (sections.has('generated')) {
  for (const step of args.steps!.split(',').filter((s) => s !== '').map(Number)) {
    await loadWeightsInto(generator, join(checkpointDir(step), weightsOf), { match: 'order' });
    await scoreGenerator(generator, { section: 'generated', step, weights: weightsOf }, false);
    await scoreGenerator(generator, { section: 'generated', step, weights: weightsOf }, true);
  }
}

if (sections.has('pixels')) {
  /** Fractions of pixels (in [0, 1]) at exactly 0 and in the bands (0, 0.5/255), [0.5, 2), [2, 5), [5, 20) and ≥ 20/255. */
  const darkBands = (images: Float32Array) => {
    const edges = [0.5, 2, 5, 20].map((e) => e / 255);
    const counts = new Array(6).fill(0);
    for (const v of images) {
      const p = (v + 1) / 2;
      counts[p <= 0 ? 0 : 1 + edges.filter((e) => p >= e).length]++;
    }
    return counts.map((c) => round(c / images.length));
  };
  print({ section: 'pixels', what: 'real training images 0..n', n, dark_bands: darkBands(pick(train, range(0, n))) });
  const fdOf = async (images: Float32Array) => round(frechetDistance(statsOf(await featuresOf(images, n), n), refStats));
  for (const step of args.steps!.split(',').filter((s) => s !== '').map(Number)) {
    await loadWeightsInto(generator, join(checkpointDir(step), weightsOf), { match: 'order' });
    const images = (await generateImages(generator, config.model.latentDim, classes, { n, seed: 0, latent: config.train.latent, batchSize: 500 })).images;
    const eightBit = images.map((v) => (Math.round(((v + 1) / 2) * 255) / 255) * 2 - 1);
    const blackBelow = (level: number) => images.map((v) => ((v + 1) / 2 < level / 255 ? -1 : v));
    print({
      section: 'pixels', step, weights: weightsOf, n, dark_bands: darkBands(images),
      fd: await fdOf(images), fd_8bit: await fdOf(eightBit), fd_black_below_2: await fdOf(blackBelow(2)), fd_black_below_5: await fdOf(blackBelow(5)),
    });
  }
}

if (sections.has('floor')) {
  const count = Math.min(train.count, args['train-images'] === undefined ? train.count : intOption(who, '--train-images', args['train-images']));
  const all = await featuresOf(train.images.subarray(0, count * per), count);
  const d = all.dim;
  const allStats = statsOf(all, count);
  const held = statsOf(await featuresOf(pick(test, range(0, n)), n), n);
  const floors: number[] = [];
  const others: number[] = [];
  const sets: GaussianStats[] = [];
  for (let k = 0; k < Math.min(floorSets, Math.floor(count / n)); k++) {
    sets.push(gaussianStats(all.features.subarray(k * n * d, (k + 1) * n * d), n, d));
    floors.push(frechetDistance(held, sets[k]));
    // Every training row outside set k.
    const rest = new Float32Array((count - n) * d);
    rest.set(all.features.subarray(0, k * n * d));
    rest.set(all.features.subarray((k + 1) * n * d, count * d), k * n * d);
    others.push(frechetDistance(sets[k], gaussianStats(rest, count - n, d)));
  }
  const pairs = sets.flatMap((a, k) => sets.slice(k + 1).map((b) => frechetDistance(a, b)));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  /** The fewest and the most images of one class in each set (the test split holds 1,000 of each). */
  const classCounts = floors.map((_, k) => {
    const counts = new Array<number>(classes).fill(0);
    for (let i = k * n; i < (k + 1) * n; i++) counts[train.labels![i]]++;
    return [Math.min(...counts), Math.max(...counts)];
  });
  print({ section: 'floor', what: 'test rows 0..n vs each disjoint set of n training rows (the floor of each reference of gan score)', n, fd_by_set: floors.map(round), mean: round(mean(floors)), class_count_range_by_set: classCounts });
  print({ section: 'floor', what: 'each set of n training rows vs the other training rows', n, reference: count - n, fd_by_set: others.map(round), mean: round(mean(others)) });
  print({ section: 'floor', what: 'each pair of sets of n training rows (a floor without the test split)', n, fd_by_pair: pairs.map(round), mean: round(mean(pairs)) });
  const floorAll = frechetDistance(held, allStats);
  print({ section: 'floor', what: 'test rows 0..n vs every training image', n, reference: count, fd: round(floorAll) });
  for (const step of args.steps!.split(',').filter((s) => s !== '').map(Number)) {
    await loadWeightsInto(generator, join(checkpointDir(step), weightsOf), { match: 'order' });
    const fds: number[] = [];
    for (let seed = 0; seed < latentSeeds; seed++) {
      const images = (await generateImages(generator, config.model.latentDim, classes, { n, seed, latent: config.train.latent, batchSize: 500 })).images;
      fds.push(frechetDistance(statsOf(await featuresOf(images, n), n), allStats));
    }
    print({ section: 'floor', what: 'generated vs every training image', step, weights: weightsOf, n, reference: count, fd_by_seed: fds.map(round), mean: round(mean(fds)), ratio_to_floor: round(mean(fds) / floorAll) });
  }
}

if (sections.has('average') && args.average !== '') {
  const [from, to] = args.average!.split(':').map(Number);
  const steps = readdirSync(join(runDir, 'checkpoints')).filter((d) => /^step-\d+$/.test(d) && existsSync(join(runDir, 'checkpoints', d, 'gan-state.json')))
    .map((d) => Number(d.slice(5))).filter((s) => s >= from && s <= to).sort((a, b) => a - b);
  const sums = generator.weights.map((w) => tf.zerosLike(w.read()));
  for (const step of steps) {
    await loadWeightsInto(generator, join(checkpointDir(step), weightsOf), { match: 'order' });
    generator.weights.forEach((w, i) => {
      const next = sums[i].add(w.read());
      sums[i].dispose();
      sums[i] = next;
    });
  }
  generator.weights.forEach((w, i) => w.write(tf.tidy(() => sums[i].div(steps.length))));
  tf.dispose(sums);
  const label = { section: 'average', weights: weightsOf, checkpoints: steps.length, from: steps[0], to: steps[steps.length - 1] };
  await scoreGenerator(generator, label, false);
  await scoreGenerator(generator, label, true);
}
generator.dispose();
