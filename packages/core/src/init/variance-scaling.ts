/**
 * Seeded variance-scaling initializer: weights with variance gain² / fan, drawn from a
 * true normal or a uniform distribution. He (He et al. 2015, "Delving Deep into
 * Rectifiers") and Glorot (Glorot & Bengio 2010) are the two presets, in `he.ts` and
 * `glorot.ts`.
 *
 * Why not tfjs's own `heNormal`: in tfjs-layers 4.22 `VarianceScaling` with
 * `distribution: 'normal'` draws a *truncated* normal with stddev √(scale/fan) and no
 * correction for the truncation, so its variance is ≈ 0.77 × the formula. Here the
 * normal is not truncated and the variance is the formula's.
 */
import * as tf from '@tensorflow/tfjs';
import { checkNumber, checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';

/** tfjs's layer initializer type (the class itself is not exported by @tensorflow/tfjs). */
export type Initializer = ReturnType<typeof tf.initializers.ones>;
// Layers accept an initializer object only if it is `instanceof` tfjs's Initializer class;
// Zeros extends it directly, so Zeros' parent constructor is that class.
const InitializerBase = Object.getPrototypeOf(tf.initializers.zeros().constructor) as abstract new () => Initializer;

export interface VarianceScalingConfig {
  /** Which fan divides gain²: `fanIn` (He, preserves forward variance) or `fanAvg` (Glorot, average of in and out). Default `fanIn`. */
  mode: 'fanIn' | 'fanAvg';
  /** `normal` (zero-mean Gaussian) or `uniform` (symmetric, same variance). Default `normal`, as in He et al. 2015. */
  distribution: 'normal' | 'uniform';
  /** Gain: the standard deviation times √fan. Default √2, He et al.'s value for ReLU. */
  gain: number;
  /** Seed of the draw; the same seed and shape give the same weights. Default `null`: a fresh draw each time. */
  seed: number | null;
}

export const varianceScalingDefaults: VarianceScalingConfig = {
  mode: 'fanIn',
  distribution: 'normal',
  gain: Math.SQRT2,
  seed: null,
};

export function resolveVarianceScalingConfig(partial: Partial<VarianceScalingConfig> = {}): VarianceScalingConfig {
  const who = 'varianceScaling';
  const c = resolveConfig(who, varianceScalingDefaults, partial);
  checkOneOf(who, 'mode', c.mode, ['fanIn', 'fanAvg'] as const);
  checkOneOf(who, 'distribution', c.distribution, ['normal', 'uniform'] as const);
  checkNumber(who, 'gain', c.gain, 0, Infinity, true);
  if (c.seed !== null && (typeof c.seed !== 'number' || !Number.isInteger(c.seed))) {
    throw new ConfigError(who, 'seed', 'an integer or null', c.seed);
  }
  return c;
}

/** Fan-in and fan-out of a weight shape, channels-last: [in, out] or [...kernel, in, out]. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  if (shape.length >= 3) {
    const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
  }
  const size = Math.sqrt(shape.reduce((a, b) => a * b, 1));
  return { fanIn: size, fanOut: size };
}

/** The variance-scaling initializer; serializes as `DeeperVarianceScaling`. */
export class VarianceScaling extends InitializerBase {
  static className = 'DeeperVarianceScaling';
  readonly config: VarianceScalingConfig;

  constructor(config: Partial<VarianceScalingConfig> = {}) {
    super();
    this.config = resolveVarianceScalingConfig(config);
  }

  /** The standard deviation this initializer draws with, for a weight of `shape`. */
  stddev(shape: readonly number[]): number {
    const { fanIn, fanOut } = computeFans(shape);
    const fan = this.config.mode === 'fanIn' ? fanIn : (fanIn + fanOut) / 2;
    return this.config.gain / Math.sqrt(Math.max(1, fan));
  }

  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    if (dtype !== undefined && dtype !== 'float32') {
      throw new ConfigError('VarianceScaling', 'the weight dtype', '"float32"', dtype);
    }
    const std = this.stddev(shape);
    const seed = this.config.seed ?? undefined;
    // tfjs's normal sampler treats seed 0 as "no seed" (it tests `seed ? …`) and draws
    // afresh every time; 0.5 is a seed no integer maps to, so seed 0 stays reproducible.
    if (this.config.distribution === 'normal') return tf.randomNormal(shape, 0, std, 'float32', seed === 0 ? 0.5 : seed);
    // U(-a, a) has variance a²/3, so a = √3·std.
    const limit = Math.sqrt(3) * std;
    return tf.randomUniform(shape, -limit, limit, 'float32', seed);
  }

  /** Rebuilds from `getConfig()`'s output; tfjs adds a `customObjects` field, which is ignored. */
  static fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { mode, distribution, gain, seed } = config as Record<string, unknown>;
    return new cls({ mode, distribution, gain, seed: seed ?? null });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.config };
  }
}
tf.serialization.registerClass(VarianceScaling as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
