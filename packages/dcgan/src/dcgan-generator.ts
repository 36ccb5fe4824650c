/**
 * The DCGAN generator (Radford, Metz & Chintala 2016, "Unsupervised Representation Learning
 * with Deep Convolutional Generative Adversarial Networks", §3 and Fig. 1): a latent vector z
 * is projected and reshaped to a small, deep feature map, then each block doubles height and
 * width with a fractionally strided (transposed) convolution, batch norm and ReLU; the last
 * block maps to the image channels with tanh and no batch norm. No pooling, no hidden dense
 * layers. Weights start from N(0, 0.02) (§4), He initialization is an option.
 *
 * Class-conditional variant (Mirza & Osindero 2014, "Conditional Generative Adversarial
 * Nets", §3.2): with `classes` > 0 the model takes a second input, the one-hot class y, and
 * projects the concatenation [z, y].
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormalization, checkInteger, checkNumber, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { dcganInitializer, dcganInitNames, type DcganInit } from './dcgan-initializer';

export interface DcganGeneratorConfig {
  /** Length of the latent vector z. Default 100 (the paper's z of dimension 100). */
  latentDim: number;
  /** Output image side, pixels; must be `baseSize · 2^(channelsPerBlock.length + 1)`. Default 28 (MNIST). */
  imageSize: number;
  /** Output image channels. Default 1 (grey images). */
  imageChannels: number;
  /** Side of the projected feature map, pixels. Default 7 (28 / 2 / 2). */
  baseSize: number;
  /** Channels of the projected map. Default 128 (the paper's 1024 scaled to one inner block at 28×28). */
  baseChannels: number;
  /** Channels of each inner upsampling block, in order; the output block adds one more doubling. Default [64]. */
  channelsPerBlock: number[];
  /** Transposed-convolution kernel side. Default 5 (the paper's Fig. 1). */
  kernelSize: number;
  /**
   * Channels of an extra block at the image's full resolution; 0: none, the paper's generator. With n > 0 the last
   * doubling makes n channels (batch norm, ReLU) instead of the image, and a stride-1 3×3 convolution (the VGG
   * kernel) maps them to the image with tanh: more layers where the fine texture is drawn, as the stride-1 blocks of
   * deeper generators (the TensorFlow DCGAN tutorial's sits at the smallest map). Default 0.
   */
  fullResolutionChannels: number;
  /** Number of classes of the conditional variant; 0: unconditional. Default 0. */
  classes: number;
  /** Weight initialization: `normal` N(0, initStddev²) (the paper, §4) or `he`. Default `normal`. */
  init: DcganInit;
  /** Standard deviation of the `normal` initialization. Default 0.02 (the paper, §4). */
  initStddev: number;
  /** Batch-norm moving-average momentum. Default 0.9 (PyTorch's 0.1 update rate, as in the DCGAN reference code). */
  batchNormMomentum: number;
  /** Seed of the weight initializers; `null` draws fresh weights. Default null. */
  seed: number | null;
}

export const dcganGeneratorDefaults: DcganGeneratorConfig = {
  latentDim: 100,
  imageSize: 28,
  imageChannels: 1,
  baseSize: 7,
  baseChannels: 128,
  channelsPerBlock: [64],
  kernelSize: 5,
  fullResolutionChannels: 0,
  classes: 0,
  init: 'normal',
  initStddev: 0.02,
  batchNormMomentum: 0.9,
  seed: null,
};

export function resolveDcganGeneratorConfig(partial: Partial<DcganGeneratorConfig> = {}): DcganGeneratorConfig {
  const who = 'dcganGenerator';
  const c = resolveConfig(who, dcganGeneratorDefaults, partial);
  for (const field of ['latentDim', 'imageSize', 'imageChannels', 'baseSize', 'baseChannels', 'kernelSize'] as const) {
    checkInteger(who, field, c[field]);
  }
  checkInteger(who, 'fullResolutionChannels', c.fullResolutionChannels, 0);
  checkInteger(who, 'classes', c.classes, 0);
  checkOneOf(who, 'init', c.init, dcganInitNames);
  checkNumber(who, 'initStddev', c.initStddev, 0, Infinity, true);
  checkNumber(who, 'batchNormMomentum', c.batchNormMomentum, 0, 1, true);
  if (!Array.isArray(c.channelsPerBlock) || !c.channelsPerBlock.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ConfigError(who, 'channelsPerBlock', 'an array of positive integers', c.channelsPerBlock);
  }
  const produced = c.baseSize * 2 ** (c.channelsPerBlock.length + 1);
  if (produced !== c.imageSize) {
    throw new ConfigError(who, 'imageSize', `baseSize · 2^(blocks + 1) = ${produced}`, c.imageSize,
      'Change baseSize or the number of channelsPerBlock so that the upsampling ends at the image size');
  }
  if (c.seed !== null) checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/**
 * Builds the generator: input z [batch, latentDim] (and, when conditional, the one-hot
 * class [batch, classes]), output [batch, imageSize, imageSize, imageChannels] in [-1, 1].
 */
export function dcganGenerator(config: Partial<DcganGeneratorConfig> = {}): tf.LayersModel {
  const c = resolveDcganGeneratorConfig(config);
  const init = (k: number) => dcganInitializer(c.init, c.initStddev, c.seed === null ? null : c.seed + k);
  const z = tf.input({ shape: [c.latentDim], name: 'z' });
  const label = c.classes > 0 ? tf.input({ shape: [c.classes], name: 'label' }) : null;
  let x: tf.SymbolicTensor = label === null ? z : tf.layers.concatenate({ name: 'z_label' }).apply([z, label]) as tf.SymbolicTensor;
  // Project and reshape: the paper's first layer is a matrix multiply whose result is reshaped to a 4-D map.
  x = tf.layers.dense({
    units: c.baseSize * c.baseSize * c.baseChannels, useBias: false, kernelInitializer: init(0), name: 'project',
  }).apply(x) as tf.SymbolicTensor;
  x = batchNormalization({ momentum: c.batchNormMomentum, name: 'project_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'project_relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [c.baseSize, c.baseSize, c.baseChannels], name: 'project_reshape' }).apply(x) as tf.SymbolicTensor;
  c.channelsPerBlock.forEach((filters, i) => {
    // Batch norm follows, so the convolution's bias would be redundant (BN's β plays its part).
    x = tf.layers.conv2dTranspose({
      filters, kernelSize: c.kernelSize, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(i + 1), name: `up${i + 1}_deconv`,
    }).apply(x) as tf.SymbolicTensor;
    x = batchNormalization({ momentum: c.batchNormMomentum, name: `up${i + 1}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: `up${i + 1}_relu` }).apply(x) as tf.SymbolicTensor;
  });
  const last = c.channelsPerBlock.length + 1;
  if (c.fullResolutionChannels > 0) {
    // The last doubling as a hidden block, then a stride-1 convolution to the image.
    x = tf.layers.conv2dTranspose({
      filters: c.fullResolutionChannels, kernelSize: c.kernelSize, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(last), name: 'full_deconv',
    }).apply(x) as tf.SymbolicTensor;
    x = batchNormalization({ momentum: c.batchNormMomentum, name: 'full_bn' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ name: 'full_relu' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({
      filters: c.imageChannels, kernelSize: 3, strides: 1, padding: 'same', useBias: true, kernelInitializer: init(last + 1), name: 'image_conv',
    }).apply(x) as tf.SymbolicTensor;
  } else {
    // The output layer: no batch norm (§3, it caused sample oscillation and instability), tanh.
    x = tf.layers.conv2dTranspose({
      filters: c.imageChannels, kernelSize: c.kernelSize, strides: 2, padding: 'same', useBias: true, kernelInitializer: init(last), name: 'image_deconv',
    }).apply(x) as tf.SymbolicTensor;
  }
  const image = tf.layers.activation({ activation: 'tanh', name: 'image' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: label === null ? z : [z, label], outputs: image, name: 'dcgan_generator' });
}
