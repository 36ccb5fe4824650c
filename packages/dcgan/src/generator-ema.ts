/**
 * An exponential moving average of the generator's weights, for sampling and scoring
 * (Yazıcı et al. 2019, "The unusual effectiveness of averaging in GAN training", §3: the
 * average of G's iterates scores better than the last iterate, which keeps circling the
 * equilibrium; β = 0.999 there). It only reads the generator: training follows the same
 * trajectory with or without it.
 *
 *   θ̄ ← β_t θ̄ + (1 − β_t) θ          after each generator update
 *   β_t = min(β, (1 + t) / (2 + t))    t: updates so far
 *
 * so that θ̄ is the plain mean of θ's iterates since it started (Yazıcı et al. compare this
 * uniform average with the exponential one) until, after 1/(1 − β) − 2 updates, the newest
 * iterate's weight 1 − β_t reaches 1 − β, and the exponential average from then on. A fixed β
 * from the start would keep the starting point's weight at β^t (37 % after 1,000 updates at
 * 0.999); TensorFlow's ExponentialMovingAverage warm-up, (1 + t)/(10 + t), would reach β only
 * after 9,000 updates, averaging over about t/9 of them until then.
 *
 * Every weight is averaged, the batch norms' moving mean and variance too: they are
 * statistics of the generator's own activations, and the averaged network should carry
 * statistics from the same window. θ̄ starts as a copy of G's weights (at step 0, or at the
 * step a run without an average is resumed from).
 */
import * as tf from '@tensorflow/tfjs';
import { checkNumber, ConfigError } from '@deeper/core';

/** The effective decay of update number `t` (from 0) for the target decay `decay`. */
export function emaDecayAt(decay: number, t: number): number {
  return Math.min(decay, (1 + t) / (2 + t));
}

export class GeneratorEma {
  /** A network of the generator's architecture holding θ̄; sample from it. Disposed with `dispose()`. */
  readonly average: tf.LayersModel;
  /** The target decay β. */
  readonly decay: number;
  /** Updates applied so far (t). */
  updates: number;

  /**
   * Averages `generator`'s weights into `average`, a separate model of the same architecture
   * (e.g. a second `buildDcgan(config).generator`); its weights are overwritten with G's now.
   */
  constructor(private readonly generator: tf.LayersModel, average: tf.LayersModel, decay: number, updates = 0) {
    checkNumber('GeneratorEma', 'decay', decay, 0, 1, true);
    if (!Number.isSafeInteger(updates) || updates < 0) throw new ConfigError('GeneratorEma', 'updates', 'a non-negative integer', updates);
    const shapes = (m: tf.LayersModel) => JSON.stringify(m.weights.map((w) => w.shape));
    if (shapes(generator) !== shapes(average)) {
      throw new ConfigError('GeneratorEma', 'average', `a model with the generator's weight shapes ${shapes(generator)}`, shapes(average));
    }
    this.average = average;
    this.decay = decay;
    this.updates = updates;
    this.copyFromGenerator();
  }

  /** θ̄ ← θ (the average restarts at the generator's weights), into buffers of its own. */
  copyFromGenerator(): void {
    // A copy, not the shared data a plain write would leave: the optimizer may update G's buffers in place when nothing else holds them.
    const copies = tf.tidy(() => this.generator.weights.map((w) => w.read().mul(1)));
    this.average.weights.forEach((w, i) => w.write(copies[i]));
    tf.dispose(copies);
  }

  /** One averaging step after a generator update: θ̄ ← β_t θ̄ + (1 − β_t) θ; returns β_t. */
  update(): number {
    const beta = emaDecayAt(this.decay, this.updates);
    const next = tf.tidy(() => this.average.weights.map((w, i) => w.read().mul(beta).add(this.generator.weights[i].read().mul(1 - beta))));
    this.average.weights.forEach((w, i) => w.write(next[i]));
    tf.dispose(next);
    this.updates++;
    return beta;
  }

  dispose(): void {
    this.average.dispose();
  }
}
