/**
 * Dropout (Srivastava et al. 2014) whose masks come from a seed and a call counter, so a
 * run replays exactly: tfjs's Dropout with a fixed `seed` draws the same mask on every
 * step, and without one it draws from Math.random, which a resumed run cannot replay.
 * The counter is the layer's random state; `fit` checkpoints it (RandomStateful).
 * Inverted dropout as in tfjs and PyTorch: kept units are scaled by 1 / (1 − rate) while
 * training, and inference is the identity.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, TrainRng, type RandomStateful } from '@deeper/core';

export interface SeededDropoutArgs {
  /** Fraction of units zeroed while training, in [0, 1); e.g. 0.5 (Saito, ch. 8). */
  rate: number;
  /** Seed of the mask sequence; a non-negative integer. */
  seed: number;
  /** Layer name; default: tfjs's automatic name. */
  name?: string;
}

export class SeededDropout extends tf.layers.Layer implements RandomStateful {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  /** Training forward passes so far: mask k is drawn from (seed, k). */
  private calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args.name === undefined ? {} : { name: args.name });
    this.rate = checkNumber('SeededDropout', 'rate', args.rate, 0, 1);
    if (this.rate >= 1) throw new RangeError(`SeededDropout expects rate in [0, 1), but received ${args.rate}: a rate of 1 zeroes everything`);
    this.seed = checkInteger('SeededDropout', 'seed', args.seed, 0);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true || this.rate === 0) return x;
    const maskSeed = new TrainRng((this.seed * 0x9e3779b1 + this.calls) % 0x100000000).nextUint32();
    this.calls++;
    return tf.dropout(x, this.rate, undefined, maskSeed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }

  getRandomState(): number[] {
    return [this.calls];
  }

  setRandomState(state: number[]): void {
    this.calls = checkInteger('SeededDropout', 'random state', state[0], 0);
  }
}

tf.serialization.registerClass(SeededDropout);
