/**
 * Upsampling block of the DCGAN generator (Radford et al. 2016, "Unsupervised
 * Representation Learning with Deep Convolutional GANs", §3 and Fig. 1): a transposed
 * ("fractionally strided") convolution that doubles height and width, then batch norm
 * and ReLU. The generator's last block uses `activation: 'tanh'` and `batchNorm: false`,
 * as the paper prescribes.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { initializerFor } from '../init/initializer-for';
import { batchNormalization } from './batch-norm';
import { checkBlockName, checkSeed, spatialDims, sublayerName } from './spatial-input';

export interface UpsampleBlockConfig {
  /** Output channels. Default 64. */
  filters: number;
  /** Square kernel side, pixels. Default 5 (the DCGAN paper's Fig. 1). */
  kernelSize: number;
  /** Upsampling factor per axis. Default 2 (DCGAN). */
  strides: number;
  /** Batch norm after the transposed conv. Default true (DCGAN, all generator layers but the output). */
  batchNorm: boolean;
  /** Activation: `relu` inside the generator, `tanh` at its output. Default `relu` (DCGAN). */
  activation: 'relu' | 'tanh' | 'linear';
  /** Batch-norm momentum. Default 0.99 (tfjs/Keras default). */
  momentum: number;
  /** Seed of the kernel initializer (He for ReLU, Glorot otherwise). Default `null`: a fresh draw. */
  seed: number | null;
  /** Prefix of the sublayer names (`<name>_deconv`, `<name>_bn`, `<name>_act`). Default `null`: tfjs picks. */
  name: string | null;
}

export const upsampleBlockDefaults: UpsampleBlockConfig = {
  filters: 64,
  kernelSize: 5,
  strides: 2,
  batchNorm: true,
  activation: 'relu',
  momentum: 0.99,
  seed: null,
  name: null,
};

export function resolveUpsampleBlockConfig(partial: Partial<UpsampleBlockConfig> = {}): UpsampleBlockConfig {
  const who = 'upsampleBlock';
  const c = resolveConfig(who, upsampleBlockDefaults, partial);
  checkInteger(who, 'filters', c.filters);
  checkInteger(who, 'kernelSize', c.kernelSize);
  checkInteger(who, 'strides', c.strides);
  if (c.strides > c.kernelSize) {
    throw new ConfigError(who, 'strides', `at most kernelSize ${c.kernelSize}`, c.strides,
      'With a stride larger than the kernel some output pixels receive no input at all; enlarge kernelSize');
  }
  if (typeof c.batchNorm !== 'boolean') throw new ConfigError(who, 'batchNorm', 'a boolean', c.batchNorm);
  checkOneOf(who, 'activation', c.activation, ['relu', 'tanh', 'linear'] as const);
  checkNumber(who, 'momentum', c.momentum, 0, 1, true);
  checkSeed(who, c.seed);
  checkBlockName(who, c.name);
  return c;
}

/** Wires conv2dTranspose → BN → activation onto `input` ([batch, h, w, c]); output [batch, h·s, w·s, filters]. */
export function upsampleBlock(input: tf.SymbolicTensor, config: Partial<UpsampleBlockConfig> = {}): tf.SymbolicTensor {
  const who = 'upsampleBlock';
  const c = resolveUpsampleBlockConfig(config);
  spatialDims(who, input);
  let x = tf.layers.conv2dTranspose({
    filters: c.filters,
    kernelSize: c.kernelSize,
    strides: c.strides,
    padding: 'same',
    useBias: !c.batchNorm,
    kernelInitializer: initializerFor(c.activation, c.seed),
    name: sublayerName(c.name, 'deconv'),
  }).apply(input) as tf.SymbolicTensor;
  if (c.batchNorm) {
    x = batchNormalization({ axis: -1, momentum: c.momentum, name: sublayerName(c.name, 'bn') }).apply(x) as tf.SymbolicTensor;
  }
  if (c.activation !== 'linear') {
    x = tf.layers.activation({ activation: c.activation, name: sublayerName(c.name, 'act') }).apply(x) as tf.SymbolicTensor;
  }
  return x;
}
