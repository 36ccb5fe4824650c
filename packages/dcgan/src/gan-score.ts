/**
 * GAN quality without Inception weights: features from our own classifier, trained on the
 * same dataset, stand in for Inception's (Heusel et al. 2017 define FID on Inception's pool
 * features; the recipe is the same, the feature extractor is ours, so the numbers are not
 * comparable to published FIDs, only to each other and to the real-data floor).
 *
 *   fd            Fréchet distance between the classifier's penultimate features of `n`
 *                 generated images and of `n` real training images (the reference)
 *   fd_real_floor the same between `n` real test images and that reference: what a
 *                 perfect generator would score with this many samples
 *   Both are means over up to `referenceDraws` references, disjoint sets of n training images
 *   (the first n, the next n, …): one set's floor is a single draw of a noisy estimate.
 *   modes         the histogram of the classifier's predicted classes on the generated images
 *   conditional   for a conditional model, the classifier's accuracy on the requested classes
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, ConfigError, resolveConfig, ShapeError } from '@deeper/core';
import { frechetDistance, gaussianStats, type GaussianStats } from './frechet-distance';
import { latentPoints, type LatentDistribution } from './latent-points';
import { modeCoverage } from './mode-coverage';

/** A classifier split into its penultimate features and its class prediction. */
export interface FeatureClassifier {
  /** [n, h, w, c] in [0, 1] → [n, d] features. */
  features: tf.LayersModel;
  /** The whole classifier, [n, h, w, c] → [n, K] scores. */
  classifier: tf.LayersModel;
  /** The input side and channels the classifier expects. */
  inputShape: [number, number, number];
  classes: number;
}

/**
 * Splits `classifier` at its penultimate layer: the last layer with weights before the
 * output layer (for deepCnn, the 50-unit ReLU dense layer; dropout and softmax carry no weights).
 */
export function featureClassifier(classifier: tf.LayersModel): FeatureClassifier {
  const weighted = classifier.layers.filter((l) => l.getWeights().length > 0);
  if (weighted.length < 2) throw new ConfigError('featureClassifier', 'classifier', 'a model with at least two layers with weights', classifier.name);
  const penultimate = weighted[weighted.length - 2];
  const features = tf.model({ inputs: classifier.inputs, outputs: penultimate.output as tf.SymbolicTensor });
  const [, h, w, c] = classifier.inputs[0].shape as number[];
  const classes = (classifier.outputs[0].shape as number[])[1];
  return { features, classifier, inputShape: [h, w, c], classes };
}

/** Images in [-1, 1] ([n, s, s, ch]) as the classifier's input: [0, 1], its side, grey if it is. */
function toClassifierInput(images: tf.Tensor4D, fc: FeatureClassifier): tf.Tensor4D {
  return tf.tidy(() => {
    let x = images.add(1).div(2) as tf.Tensor4D;
    const [h, w, c] = fc.inputShape;
    if (x.shape[1] !== h || x.shape[2] !== w) x = tf.image.resizeBilinear(x, [h, w], true);
    if (x.shape[3] !== c) {
      if (c !== 1) throw new ShapeError('scoreGan', `images with ${c} channels for the classifier`, x.shape);
      x = x.mean(3, true) as tf.Tensor4D;
    }
    return x;
  });
}

/**
 * Penultimate features and predicted classes of `images` ([n, s, s, ch] in [-1, 1]), in batches.
 * Every read is asynchronous, so that it runs on WebGPU under Node too (whose synchronous reads
 * need a browser's OffscreenCanvas).
 */
export async function classifyImages(fc: FeatureClassifier, images: Float32Array, count: number, size: number, channels: number, batchSize = 500): Promise<{ features: Float32Array; predicted: Int32Array; dim: number }> {
  const dim = (fc.features.outputs[0].shape as number[])[1];
  const features = new Float32Array(count * dim);
  const predicted = new Int32Array(count);
  const per = size * size * channels;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const [f, k] = tf.tidy(() => {
      const x = toClassifierInput(tf.tensor4d(images.subarray(start * per, (start + n) * per), [n, size, size, channels]), fc);
      return [fc.features.predict(x, { batchSize: n }) as tf.Tensor, (fc.classifier.predict(x, { batchSize: n }) as tf.Tensor).argMax(-1)];
    });
    try {
      const [fv, kv] = await Promise.all([f.data(), k.data()]);
      features.set(fv, start * dim);
      predicted.set(kv, start);
    } finally {
      tf.dispose([f, k]);
    }
  }
  return { features, predicted, dim };
}

export interface ScoreGanConfig {
  /** Generated (and real) images compared. Default 10000 (Heusel et al. recommend ≥ 10,000 for FID). */
  n: number;
  /** Seed of the latent points. Default 0. */
  seed: number;
  /** z's distribution, as in training. Default `uniform`. */
  latent: LatentDistribution;
  /** Generator batch size. Default 500. */
  batchSize: number;
  /**
   * At most this many references: disjoint sets of n real training images (the first n, the
   * next n, …, as many as realTrain holds, at least one); the FD and the floor are each the mean
   * over them. At n 10,000 on Fashion-MNIST one set's floor moves by 2.2× between the six sets
   * (0.036–0.079; docs/results/dcgan.md, "Seventeenth session: how sure is the floor?"), and
   * the first set's is the lowest of them. Default 6: the six sets of the default n in
   * Fashion-MNIST's 60,000 training images. 1 is the score of the sixteenth session and before.
   */
  referenceDraws: number;
}

export const scoreGanDefaults: ScoreGanConfig = { n: 10000, seed: 0, latent: 'uniform', batchSize: 500, referenceDraws: 6 };

/** Real images in the GAN's range, [count, size, size, channels] in [-1, 1]. */
export interface RealImages {
  images: Float32Array;
  count: number;
  size: number;
  channels: number;
}

/** Generated images to score: [count, size, size, channels] in [-1, 1], with the classes asked for (null: unconditional). */
export interface GeneratedImages {
  images: Float32Array;
  labels: Int32Array | null;
  size: number;
  channels: number;
}

/** The `--json` line of `deeper gan score`. */
export interface GanScore {
  /** The mean of fd_by_reference. */
  fd: number;
  /** The mean of fd_real_floor_by_reference. */
  fd_real_floor: number;
  /** The generated images' FD to each reference (RealReference). */
  fd_by_reference: number[];
  /** The floor of each reference: the test images' FD to it. */
  fd_real_floor_by_reference: number[];
  modes_covered: number;
  class_fractions: number[];
  conditional_accuracy: number | null;
  n: number;
}

/**
 * Generates `n` images in batches, reading each asynchronously. A conditional generator draws
 * classes 0 … K − 1 in turn, or only class `only` when it is given.
 */
export async function generateImages(generator: tf.LayersModel, latentDim: number, classes: number, c: Omit<ScoreGanConfig, 'referenceDraws'>, only: number | null = null): Promise<GeneratedImages> {
  const [, size, , channels] = generator.outputs[0].shape as number[];
  const per = size * size * channels;
  const images = new Float32Array(c.n * per);
  if (only !== null && (classes === 0 || !Number.isInteger(only) || only < 0 || only >= classes)) {
    throw new ConfigError('generateImages', 'only', classes === 0 ? 'null for an unconditional generator' : `a class from 0 to ${classes - 1}`, only);
  }
  const labels = classes > 0 ? Int32Array.from({ length: c.n }, (_, i) => only ?? i % classes) : null;
  const z = latentPoints(c.n, latentDim, c.latent, c.seed);
  try {
    for (let start = 0; start < c.n; start += c.batchSize) {
      const n = Math.min(c.batchSize, c.n - start);
      const batch = tf.tidy(() => {
        const zb = z.slice([start, 0], [n, latentDim]);
        const input = labels === null ? zb : [zb, tf.oneHot(tf.tensor1d(labels.subarray(start, start + n), 'int32'), classes).toFloat()];
        return generator.predict(input, { batchSize: n }) as tf.Tensor;
      });
      images.set(await batch.data().finally(() => batch.dispose()), start * per);
    }
  } finally {
    z.dispose();
  }
  return { images, labels, size, channels };
}

/** Scores `generator` against real training and test images with classifier `fc` (see the file comment); reads asynchronously only, so it runs on WebGPU under Node. */
export async function scoreGan(generator: tf.LayersModel, model: { latentDim: number; classes: number }, fc: FeatureClassifier, realTrain: RealImages, realTest: RealImages, config: Partial<ScoreGanConfig> = {}): Promise<GanScore> {
  const c = resolveConfig('scoreGan', scoreGanDefaults, config);
  checkInteger('scoreGan', 'n', c.n, 2);
  checkInteger('scoreGan', 'batchSize', c.batchSize);
  checkInteger('scoreGan', 'referenceDraws', c.referenceDraws);
  checkRealCounts('scoreGan', c.n, realTrain, realTest);
  return scoreImages(fc, await generateImages(generator, model.latentDim, model.classes, c), await realReference(fc, realTrain, realTest, c.n, c.referenceDraws));
}

function checkRealCounts(who: string, n: number, realTrain: RealImages, realTest: RealImages): void {
  for (const [name, real] of [['realTrain', realTrain], ['realTest', realTest]] as const) {
    if (real.count < n) throw new ConfigError(who, 'n', `at most the ${real.count} images of ${name}`, n, 'Lower --n');
  }
}

/**
 * What every score at one n compares against, computed once: the Gaussians of the classifier's
 * features on each reference (disjoint sets of n real training images: the first n, the next n,
 * …) and each one's floor (the distance of the first n test images to it). Scoring several
 * samplers or latent seeds against one RealReference costs one classifier pass over each
 * generated set instead of one over every real set.
 */
export interface RealReference {
  n: number;
  /** One per reference, in the training images' order. */
  references: GaussianStats[];
  /** The floor of each reference. */
  floors: number[];
  /** The mean of floors. */
  floor: number;
  /** The classifier these were computed with: a score with another one is refused. */
  classifier: FeatureClassifier;
}

/**
 * The real reference of `n` images for classifier `fc` (see RealReference): as many disjoint sets
 * of n training images as realTrain holds, at most `draws` (ScoreGanConfig.referenceDraws).
 */
export async function realReference(fc: FeatureClassifier, realTrain: RealImages, realTest: RealImages, n: number, draws = scoreGanDefaults.referenceDraws): Promise<RealReference> {
  checkInteger('realReference', 'n', n, 2);
  checkInteger('realReference', 'draws', draws);
  checkRealCounts('realReference', n, realTrain, realTest);
  const stats = async (real: RealImages, set: number) => {
    const per = real.size * real.size * real.channels;
    const f = await classifyImages(fc, real.images.subarray(set * n * per, (set + 1) * n * per), n, real.size, real.channels);
    return gaussianStats(f.features, n, f.dim);
  };
  const held = await stats(realTest, 0);
  const references: GaussianStats[] = [];
  for (let set = 0; set < Math.min(draws, Math.floor(realTrain.count / n)); set++) references.push(await stats(realTrain, set));
  const floors = references.map((reference) => frechetDistance(held, reference));
  return { n, references, floors, floor: mean(floors), classifier: fc };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Scores images already generated (by `generateImages`, or by a sampler such as
 * `discriminatorRejectionSample`) as `scoreGan` does, against `real` (realReference): their
 * count must be its n, and its classifier `fc`.
 */
export async function scoreImages(fc: FeatureClassifier, generated: GeneratedImages, real: RealReference): Promise<GanScore> {
  const per = generated.size * generated.size * generated.channels;
  const n = generated.images.length / per;
  if (!Number.isInteger(n) || n < 2) throw new ShapeError('scoreImages', `at least 2 whole images of ${generated.size}×${generated.size}×${generated.channels}`, [generated.images.length]);
  if (generated.labels !== null && generated.labels.length !== n) throw new ShapeError('scoreImages', `one label per generated image (${n})`, [generated.labels.length]);
  if (n !== real.n) throw new ConfigError('scoreImages', 'generated', `${real.n} images, the n of the real reference`, `${n} images`, 'Compute realReference with the same n');
  if (fc !== real.classifier) throw new ConfigError('scoreImages', 'fc', 'the classifier the real reference was computed with', fc.classifier.name);
  const fake = await classifyImages(fc, generated.images, n, generated.size, generated.channels);
  const coverage = modeCoverage(fake.predicted, fc.classes);
  let conditionalAccuracy: number | null = null;
  if (generated.labels !== null) {
    let correct = 0;
    for (let i = 0; i < n; i++) if (fake.predicted[i] === generated.labels[i]) correct++;
    conditionalAccuracy = correct / n;
  }
  const stats = gaussianStats(fake.features, n, fake.dim);
  const fdByReference = real.references.map((reference) => frechetDistance(stats, reference));
  return {
    fd: mean(fdByReference),
    fd_real_floor: real.floor,
    fd_by_reference: fdByReference,
    fd_real_floor_by_reference: real.floors,
    modes_covered: coverage.modesCovered,
    class_fractions: coverage.classFractions,
    conditional_accuracy: conditionalAccuracy,
    n,
  };
}
