/**
 * Discriminator rejection sampling (Azadi, Olsson, Darrell, Goodfellow & Odena 2019,
 * "Discriminator Rejection Sampling", ICLR): the trained discriminator corrects the generator's
 * distribution after training. A discriminator D = σ(D̃) that is optimal against p_g has
 * e^{D̃(x)} = p_data(x) / p_g(x), so accepting a sample x ~ p_g with probability
 * e^{D̃(x) − D̃_M}, D̃_M the largest logit, is rejection sampling from p_data. In practice
 * (their §3.2 and Algorithm 1):
 *
 *   Δ(x) = D̃(x) − D̃_M                      D̃_M: the largest logit seen so far (a burn-in first)
 *   F(x) = Δ(x) − log(1 − e^{Δ(x) − ε}) − γ
 *   accept x with probability σ(F(x))
 *
 * With γ = 0, σ(F) = e^{Δ} (up to ε): exact rejection sampling. A larger γ lowers every
 * acceptance probability, a smaller one raises it; Azadi et al. set γ from a percentile of F.
 *
 * For a class-conditional GAN each class is its own sampler: D̃(x, y) estimates
 * log p_data(x | y) / p_g(x | y) up to the class's constant, so D̃_M and γ are taken per class,
 * and every class gets n / K samples, as `generateImages` cycles the classes.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, DeeperError, resolveConfig } from '@deeper/core';
import { generateImages, type GeneratedImages } from './gan-score';
import type { LatentDistribution } from './latent-points';

/** The discriminator's logit D̃ of images x ([n, s, s, c] in [−1, 1]) and, for a conditional model, one-hot classes y ([n, K]): [n] or [n, 1]. */
export type DiscriminatorLogit = (x: tf.Tensor4D, y: tf.Tensor2D | null) => tf.Tensor;

export interface DiscriminatorRejectionConfig {
  /** Samples to return; a multiple of the classes for a conditional generator. Default 10000 (`scoreGan`'s n). */
  n: number;
  /**
   * γ is this percentile (0–100) of F among each class's burn-in candidates; null sets γ = 0,
   * exact rejection sampling. Default 50: of 30, 50 and 80, the lowest FD on our Fashion-MNIST
   * run (docs/results/dcgan.md, "Discriminator rejection sampling").
   */
  gammaPercentile: number | null;
  /** ε of F, which keeps log(1 − e^{Δ − ε}) finite at the largest logit. Default 1e-6 (Azadi et al.'s code uses 1e-6 to 1e-8). */
  epsilon: number;
  /** Candidates per round, as a multiple of n; the first round is also the burn-in that sets D̃_M and γ. Default 3. */
  oversample: number;
  /** Rounds of candidates before giving up on a class that accepts too few. Default 10. */
  maxRounds: number;
  /** Seed of the latent points (round r uses seed + r) and of the acceptance draws. Default 0. */
  seed: number;
  /** z's distribution, as in training. Default `uniform` (Radford et al. 2016). */
  latent: LatentDistribution;
  /** Generator and discriminator batch size. Default 500. */
  batchSize: number;
}

export const discriminatorRejectionDefaults: DiscriminatorRejectionConfig = {
  n: 10000, gammaPercentile: 50, epsilon: 1e-6, oversample: 3, maxRounds: 10, seed: 0, latent: 'uniform', batchSize: 500,
};

/** The accepted samples ([n, size, size, channels] in [−1, 1], classes cycling 0 … K − 1 for a conditional generator). */
export interface RejectionSample extends GeneratedImages {
  /** The fraction of the drawn candidates accepted (also those past their class's n / K), over every round. */
  acceptance: number;
  /** Candidates drawn. */
  candidates: number;
}

/** A small seeded uniform generator for the acceptance draws (Numerical Recipes' LCG, 32 bits). */
function uniforms(seed: number): () => number {
  let state = (seed ^ 0x5bd1e995) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** The value at percentile `p` (0–100) of `values` (nearest rank). */
function percentile(values: number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Draws candidates from `generator` and keeps those `logit` accepts (see the file comment). */
export async function discriminatorRejectionSample(
  generator: tf.LayersModel, logit: DiscriminatorLogit, model: { latentDim: number; classes: number }, config: Partial<DiscriminatorRejectionConfig> = {},
): Promise<RejectionSample> {
  const who = 'discriminatorRejectionSample';
  const c = resolveConfig(who, discriminatorRejectionDefaults, config);
  checkInteger(who, 'n', c.n);
  checkInteger(who, 'maxRounds', c.maxRounds);
  checkInteger(who, 'batchSize', c.batchSize);
  checkNumber(who, 'oversample', c.oversample, 1, Infinity);
  checkNumber(who, 'epsilon', c.epsilon, 0, 1, true);
  if (c.gammaPercentile !== null) checkNumber(who, 'gammaPercentile', c.gammaPercentile, 0, 100);
  const groups = Math.max(1, model.classes);
  if (c.n % groups !== 0) throw new ConfigError(who, 'n', `a multiple of the ${groups} classes, so that each gets n / ${groups} samples`, c.n);
  const perGroup = c.n / groups;
  const [, size, , channels] = generator.outputs[0].shape as number[];
  const per = size * size * channels;
  const images = new Float32Array(c.n * per);
  const kept = new Array<number>(groups).fill(0);
  const maxLogit = new Array<number>(groups).fill(-Infinity);
  let gamma: number[] | null = null;
  const draw = uniforms(c.seed);
  const roundSize = Math.ceil((c.oversample * c.n) / groups) * groups;
  let candidates = 0;
  let accepted = 0;
  for (let round = 0; round < c.maxRounds && kept.some((k) => k < perGroup); round++) {
    const { pixels, logits } = await candidatesOf(generator, logit, model, roundSize, c.latent, c.seed + round, c.batchSize);
    candidates += roundSize;
    const groupOf = (i: number) => (model.classes > 0 ? i % model.classes : 0);
    for (let i = 0; i < roundSize; i++) maxLogit[groupOf(i)] = Math.max(maxLogit[groupOf(i)], logits[i]);
    // F before γ: Δ − log(1 − e^{Δ − ε}).
    const f = Float64Array.from(logits, (d, i) => {
      const delta = d - maxLogit[groupOf(i)];
      return delta - Math.log(1 - Math.exp(delta - c.epsilon));
    });
    if (gamma === null) {
      // The first round is the burn-in: γ per class from its F values.
      const byGroup: number[][] = Array.from({ length: groups }, () => []);
      for (let i = 0; i < roundSize; i++) byGroup[groupOf(i)].push(f[i]);
      gamma = byGroup.map((values) => (c.gammaPercentile === null ? 0 : percentile(values, c.gammaPercentile!)));
    }
    for (let i = 0; i < roundSize; i++) {
      const g = groupOf(i);
      if (draw() >= 1 / (1 + Math.exp(-(f[i] - gamma[g])))) continue;
      accepted++;
      if (kept[g] >= perGroup) continue;
      // Accepted: the class's next slot, so that classes cycle 0 … K − 1 as in generateImages.
      images.set(pixels.subarray(i * per, (i + 1) * per), (kept[g] * groups + g) * per);
      kept[g]++;
    }
  }
  const short = kept.findIndex((k) => k < perGroup);
  if (short >= 0) {
    throw new DeeperError(`${who} expects ${perGroup} accepted samples of ${model.classes > 0 ? `class ${short}` : 'the generator'} within ${c.maxRounds} rounds of ${roundSize} candidates, ` +
      `but received ${kept[short]}; raise oversample or maxRounds, or lower gammaPercentile (more is accepted)`);
  }
  const labels = model.classes > 0 ? Int32Array.from({ length: c.n }, (_, i) => i % model.classes) : null;
  return { images, labels, size, channels, acceptance: accepted / candidates, candidates };
}

/** `count` candidates from `generateImages` (classes cycling) and their logits, in batches, read asynchronously. */
async function candidatesOf(
  generator: tf.LayersModel, logit: DiscriminatorLogit, model: { latentDim: number; classes: number },
  count: number, latent: LatentDistribution, seed: number, batchSize: number,
): Promise<{ pixels: Float32Array; logits: Float32Array }> {
  const { images: pixels, labels, size, channels } = await generateImages(generator, model.latentDim, model.classes, { n: count, seed, latent, batchSize });
  const per = size * size * channels;
  const logits = new Float32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const d = tf.tidy(() => {
      const x = tf.tensor4d(pixels.subarray(start * per, (start + n) * per), [n, size, size, channels]);
      const y = labels === null ? null : tf.oneHot(tf.tensor1d(labels.subarray(start, start + n), 'int32'), model.classes).toFloat() as tf.Tensor2D;
      return logit(x, y).reshape([n]);
    });
    logits.set(await d.data().finally(() => d.dispose()), start);
  }
  return { pixels, logits };
}

/** The logit of a DCGAN discriminator (`buildDcgan(...).discriminator`), in inference mode. */
export function dcganLogit(discriminator: tf.LayersModel): DiscriminatorLogit {
  return (x, y) => discriminator.apply(y === null ? x : [x, y], { training: false }) as tf.Tensor;
}
