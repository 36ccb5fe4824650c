/**
 * A VGG stage (Simonyan & Zisserman 2014, "Very Deep Convolutional Networks", Table 1):
 * `convs` 3×3 convolutions with ReLU at stride 1, 'same' padding, then an optional 2×2
 * max-pool with stride 2 that halves height and width.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { convBnRelu } from './conv-bn-relu';
import { checkBlockName, checkSeed, spatialDims, sublayerName, sublayerSeed } from './spatial-input';

export interface VggStackConfig {
  /** Output channels of every convolution in the stage. Default 64 (VGG's first stage). */
  filters: number;
  /** Number of 3×3 convolutions. Default 2 (VGG-16's first two stages). */
  convs: number;
  /** Whether a 2×2 stride-2 max-pool ends the stage. Default true, as in every VGG stage. */
  pool: boolean;
  /** Batch norm after each convolution. Default false: the 2014 paper predates BN. */
  batchNorm: boolean;
  /** Batch-norm momentum, when `batchNorm`. Default 0.99 (tfjs/Keras default). */
  momentum: number;
  /** Seed of the He-normal kernel initializers. Default `null`: a fresh draw. */
  seed: number | null;
  /** Prefix of the sublayer names (`<name>_conv1_conv`, …, `<name>_pool`). Default `null`: tfjs picks. */
  name: string | null;
}

export const vggStackDefaults: VggStackConfig = {
  filters: 64,
  convs: 2,
  pool: true,
  batchNorm: false,
  momentum: 0.99,
  seed: null,
  name: null,
};

export function resolveVggStackConfig(partial: Partial<VggStackConfig> = {}): VggStackConfig {
  const who = 'vggStack';
  const c = resolveConfig(who, vggStackDefaults, partial);
  checkInteger(who, 'filters', c.filters);
  checkInteger(who, 'convs', c.convs);
  if (typeof c.pool !== 'boolean') throw new ConfigError(who, 'pool', 'a boolean', c.pool);
  if (typeof c.batchNorm !== 'boolean') throw new ConfigError(who, 'batchNorm', 'a boolean', c.batchNorm);
  checkNumber(who, 'momentum', c.momentum, 0, 1, true);
  checkSeed(who, c.seed);
  checkBlockName(who, c.name);
  return c;
}

/** Wires a VGG stage onto `input` ([batch, h, w, c]) and returns its output. */
export function vggStack(input: tf.SymbolicTensor, config: Partial<VggStackConfig> = {}): tf.SymbolicTensor {
  const who = 'vggStack';
  const c = resolveVggStackConfig(config);
  const dims = spatialDims(who, input);
  for (const [axis, size] of [['height', dims.height], ['width', dims.width]] as const) {
    if (size != null && size < 3) {
      throw new ConfigError(who, 'the input', `at least 3 pixels in ${axis} for its 3×3 kernels`, size,
        'Remove a pooling stage before this one or feed a larger input');
    }
    if (c.pool && size != null && size < 2) throw new ConfigError(who, 'pool', `false for an input ${axis} of ${size}`, c.pool);
  }
  let x = input;
  for (let i = 0; i < c.convs; i++) {
    x = convBnRelu(x, {
      filters: c.filters,
      kernelSize: 3,
      batchNorm: c.batchNorm,
      momentum: c.momentum,
      seed: sublayerSeed(c.seed, i),
      name: c.name == null ? null : `${c.name}_conv${i + 1}`,
    });
  }
  if (c.pool) {
    x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: sublayerName(c.name, 'pool') }).apply(x) as tf.SymbolicTensor;
  }
  return x;
}
