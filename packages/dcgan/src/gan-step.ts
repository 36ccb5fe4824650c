/**
 * One GAN training step (Goodfellow et al. 2014, Algorithm 1, with k = 1 and the
 * non-saturating generator loss of their §3; Radford et al. 2016 train DCGANs this way):
 *
 *   D:  L_D = −mean log D(x | y)·t − mean log(1 − D(G(z | y) | y))    t = 1 − labelSmoothing
 *       θ_D ← Adam(∇θ_D L_D)
 *   G:  L_G = −mean log D(G(z | y) | y)
 *       θ_G ← Adam(∇θ_G L_G)
 *
 * With `loss` = `hinge` (Lim & Ye 2017; Miyato & Koyama 2018 train their projection
 * discriminator with it) D's logit is a score, not a log-odds:
 *
 *   D:  L_D = mean max(0, 1 − D(x | y)) + mean max(0, 1 + D(G(z | y) | y))
 *   G:  L_G = −mean D(G(z | y) | y)
 *
 * D sees the real and the generated minibatch in two separate forward passes, so each batch
 * norm normalizes a pure batch, as in the DCGAN reference code. One-sided label smoothing
 * (Salimans et al. 2016, §3.4) lowers only the real target. Works for any pair of models:
 * the DCGAN networks, or small dense ones on toy data; y is passed only to conditional ones.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type TrainingOptimizer } from '@deeper/core';

/** The adversarial losses ganStep offers (see the file comment). */
export const ganLossNames = ['nonsaturating', 'hinge'] as const;
export type GanLoss = (typeof ganLossNames)[number];

/** Refuses label smoothing with the hinge loss, whose margins have no target to smooth; `who` names the caller. */
export function checkLossSmoothing(who: string, loss: GanLoss, labelSmoothing: number): void {
  if (loss === 'hinge' && labelSmoothing !== 0) {
    throw new ConfigError(who, 'labelSmoothing', '0 with the hinge loss (its margins have no target to smooth)', labelSmoothing);
  }
}

/** A generator, a discriminator and their optimizers. */
export interface GanPair {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  generatorOptimizer: TrainingOptimizer;
  discriminatorOptimizer: TrainingOptimizer;
}

/** A step's numbers (see GanStepEvent). */
export interface GanStepResult {
  dLoss: number;
  gLoss: number;
  dReal: number;
  dFake: number;
}

const variablesOf = (model: tf.LayersModel) => model.trainableWeights.map((w) => w.read() as tf.Variable);

/** A step's numbers still on the backend: scalars the caller disposes (readGanStep does). */
export interface GanStepTensors {
  dLoss: tf.Scalar;
  gLoss: tf.Scalar;
  dReal: tf.Scalar;
  dFake: tf.Scalar;
}

/**
 * Updates D, then G, on `real` images with latent points `z` and, for conditional models,
 * one-hot `labels` (the classes of the real images, also given to G), with the `loss`
 * of the file comment. D(x) and D(G(z)) are reported as the mean sigmoid of D's logits
 * for either loss. The caller owns the inputs. Reads the numbers synchronously, which the
 * WebGPU backend cannot do under Node (its readSync needs a browser's OffscreenCanvas):
 * a training loop uses `await readGanStep(ganStepTensors(...))`, which works everywhere.
 */
export function ganStep(pair: GanPair, real: tf.Tensor, z: tf.Tensor, labels: tf.Tensor | null = null, labelSmoothing = 0, loss: GanLoss = 'nonsaturating'): GanStepResult {
  const tensors = ganStepTensors(pair, real, z, labels, labelSmoothing, loss);
  try {
    return { dLoss: tensors.dLoss.dataSync()[0], gLoss: tensors.gLoss.dataSync()[0], dReal: tensors.dReal.dataSync()[0], dFake: tensors.dFake.dataSync()[0] };
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Reads a step's numbers without blocking (one download of four values), then disposes the scalars. */
export async function readGanStep(tensors: GanStepTensors): Promise<GanStepResult> {
  const stacked = tf.stack([tensors.dLoss, tensors.gLoss, tensors.dReal, tensors.dFake]);
  try {
    const [dLoss, gLoss, dReal, dFake] = Array.from(await stacked.data());
    return { dLoss, gLoss, dReal, dFake };
  } finally {
    tf.dispose([stacked, ...Object.values(tensors)]);
  }
}

/** ganStep's updates, with its numbers left on the backend (see ganStep). */
export function ganStepTensors(pair: GanPair, real: tf.Tensor, z: tf.Tensor, labels: tf.Tensor | null = null, labelSmoothing = 0, loss: GanLoss = 'nonsaturating'): GanStepTensors {
  checkLossSmoothing('ganStep', loss, labelSmoothing);
  const { generator, discriminator } = pair;
  const gInput = labels === null ? z : [z, labels];
  const dInput = (x: tf.Tensor) => (labels === null ? x : [x, labels]);
  const bce = (target: number, logits: tf.Tensor) => tf.losses.sigmoidCrossEntropy(tf.fill(logits.shape, target), logits) as tf.Scalar;
  let dReal: tf.Scalar | undefined;
  let dFake: tf.Scalar | undefined;
  let dLoss: tf.Scalar | undefined;
  let gLoss: tf.Scalar | undefined;
  try {
    // G(z) for D's update: G's weights get no gradient here, so it is computed outside the tape.
    const fake = tf.tidy(() => generator.apply(gInput, { training: true }) as tf.Tensor);
    try {
      dLoss = pair.discriminatorOptimizer.step(() => {
        const realLogits = discriminator.apply(dInput(real), { training: true }) as tf.Tensor;
        const fakeLogits = discriminator.apply(dInput(fake), { training: true }) as tf.Tensor;
        dReal = tf.keep(tf.mean(tf.sigmoid(realLogits)) as tf.Scalar);
        dFake = tf.keep(tf.mean(tf.sigmoid(fakeLogits)) as tf.Scalar);
        if (loss === 'hinge') return tf.add(tf.mean(tf.relu(tf.sub(1, realLogits))), tf.mean(tf.relu(tf.add(1, fakeLogits)))) as tf.Scalar;
        // −log D(x)·t − log(1 − D(G(z))): sigmoid cross-entropy with targets t and 0.
        return tf.add(bce(1 - labelSmoothing, realLogits), bce(0, fakeLogits));
      }, variablesOf(discriminator));
    } finally {
      fake.dispose();
    }
    // −log D(G(z)): G climbs D's log-probability of "real" on its own samples.
    gLoss = pair.generatorOptimizer.step(() => {
      const logits = discriminator.apply(dInput(generator.apply(gInput, { training: true }) as tf.Tensor), { training: true }) as tf.Tensor;
      return loss === 'hinge' ? tf.neg(tf.mean(logits)) as tf.Scalar : bce(1, logits);
    }, variablesOf(generator));
    const result = { dLoss: dLoss!, gLoss, dReal: dReal!, dFake: dFake! };
    dLoss = gLoss = dReal = dFake = undefined;
    return result;
  } finally {
    // Only on an error: a returned step's scalars belong to the caller.
    tf.dispose([dReal, dFake, dLoss, gLoss].filter((t): t is tf.Scalar => t !== undefined));
  }
}
