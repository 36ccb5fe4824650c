/**
 * conv → batch norm → ReLU, the unit most CNNs since Ioffe & Szegedy 2015 are built
 * from. The convolution has no bias when batch norm follows: BN's β replaces it.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { initializerFor } from '../init/initializer-for';
import { batchNormalization } from './batch-norm';
import { checkBlockName, checkKernelFits, checkSeed, spatialDims, sublayerName, sublayerSeed } from './spatial-input';

export interface ConvBnReluConfig {
  /** Output channels. Default 64 (the first stage of VGG and ResNet). */
  filters: number;
  /** Square kernel side, pixels. Default 3 (Simonyan & Zisserman 2014). */
  kernelSize: number;
  /** Stride, pixels, both axes. Default 1. */
  strides: number;
  /** `same` keeps ceil(size / strides); `valid` drops the border. Default `same`. */
  padding: 'same' | 'valid';
  /** Whether batch normalization follows the convolution. Default true. */
  batchNorm: boolean;
  /** Activation after the (normalized) convolution. Default `relu`. */
  activation: 'relu' | 'linear';
  /** Batch-norm moving-average momentum. Default 0.99 (the tfjs/Keras default). */
  momentum: number;
  /** Seed of the He-normal kernel initializer. Default `null`: a fresh draw. */
  seed: number | null;
  /** Prefix of the sublayer names (`<name>_conv`, `<name>_bn`, `<name>_relu`). Default `null`: tfjs picks unique names. */
  name: string | null;
}

export const convBnReluDefaults: ConvBnReluConfig = {
  filters: 64,
  kernelSize: 3,
  strides: 1,
  padding: 'same',
  batchNorm: true,
  activation: 'relu',
  momentum: 0.99,
  seed: null,
  name: null,
};

export function resolveConvBnReluConfig(partial: Partial<ConvBnReluConfig> = {}, who = 'convBnRelu'): ConvBnReluConfig {
  const c = resolveConfig(who, convBnReluDefaults, partial);
  checkInteger(who, 'filters', c.filters);
  checkInteger(who, 'kernelSize', c.kernelSize);
  checkInteger(who, 'strides', c.strides);
  if (c.strides > c.kernelSize && c.kernelSize !== 1) {
    throw new ConfigError(who, 'strides', `at most kernelSize ${c.kernelSize} (or any stride with a 1×1 kernel)`, c.strides,
      'A stride larger than the kernel skips input pixels entirely; add a pooling layer instead');
  }
  checkOneOf(who, 'padding', c.padding, ['same', 'valid'] as const);
  if (typeof c.batchNorm !== 'boolean') throw new ConfigError(who, 'batchNorm', 'a boolean', c.batchNorm);
  checkOneOf(who, 'activation', c.activation, ['relu', 'linear'] as const);
  checkNumber(who, 'momentum', c.momentum, 0, 1, true);
  checkSeed(who, c.seed);
  checkBlockName(who, c.name);
  return c;
}

/** Wires conv → BN → ReLU onto `input` ([batch, h, w, c]) and returns the output. */
export function convBnRelu(input: tf.SymbolicTensor, config: Partial<ConvBnReluConfig> = {}): tf.SymbolicTensor {
  const who = 'convBnRelu';
  const c = resolveConvBnReluConfig(config, who);
  checkKernelFits(who, 'kernelSize', c.kernelSize, spatialDims(who, input));
  let x = tf.layers.conv2d({
    filters: c.filters,
    kernelSize: c.kernelSize,
    strides: c.strides,
    padding: c.padding,
    useBias: !c.batchNorm,
    kernelInitializer: initializerFor(c.activation, sublayerSeed(c.seed, 0)),
    name: sublayerName(c.name, 'conv'),
  }).apply(input) as tf.SymbolicTensor;
  if (c.batchNorm) {
    x = batchNormalization({ axis: -1, momentum: c.momentum, name: sublayerName(c.name, 'bn') }).apply(x) as tf.SymbolicTensor;
  }
  if (c.activation === 'relu') {
    x = tf.layers.reLU({ name: sublayerName(c.name, 'relu') }).apply(x) as tf.SymbolicTensor;
  }
  return x;
}
