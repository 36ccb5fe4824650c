/**
 * The DCGAN generator (Radford, Metz & Chintala 2016, "Unsupervised Representation Learning
 * with Deep Convolutional Generative Adversarial Networks", §3 and Fig. 1): a latent vector z
 * is projected and reshaped to a small, deep feature map, then each upsampling block doubles
 * height and width with a fractionally strided convolution, batch norm and ReLU; the last
 * block maps to the image channels with tanh and no batch norm.
 *
 * Deviation: weights start from He initialization (the project's default for ReLU nets,
 * He et al. 2015) rather than the paper's N(0, 0.02).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, ConfigError, heNormal, resolveConfig, upsampleBlock } from '@deeper/core';

export interface DcganGeneratorConfig {
  /** Length of the latent vector z. Default 100 (the paper's uniform z of dimension 100). */
  latentDim: number;
  /** Output image side, pixels; must be `baseSize · 2^(channelsPerBlock.length + 1)`. Default 28 (MNIST). */
  imageSize: number;
  /** Output image channels. Default 1 (grey digits). */
  imageChannels: number;
  /** Side of the projected feature map, pixels. Default 7 (28 / 2 / 2). */
  baseSize: number;
  /** Channels of the projected map. Default 128 (a quarter of the paper's 1024, for 28×28 images). */
  baseChannels: number;
  /** Channels of each inner upsampling block, in order; the output block adds one more doubling. Default [64]. */
  channelsPerBlock: number[];
  /** Transposed-convolution kernel side. Default 5 (the paper's Fig. 1). */
  kernelSize: number;
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
  seed: null,
};

export function resolveDcganGeneratorConfig(partial: Partial<DcganGeneratorConfig> = {}): DcganGeneratorConfig {
  const who = 'dcganGenerator';
  const c = resolveConfig(who, dcganGeneratorDefaults, partial);
  for (const field of ['latentDim', 'imageSize', 'imageChannels', 'baseSize', 'baseChannels', 'kernelSize'] as const) {
    checkInteger(who, field, c[field]);
  }
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

/** Builds the generator: input [batch, latentDim], output [batch, imageSize, imageSize, imageChannels] in [-1, 1]. */
export function dcganGenerator(config: Partial<DcganGeneratorConfig> = {}): tf.LayersModel {
  const c = resolveDcganGeneratorConfig(config);
  const seedAt = (k: number) => (c.seed === null ? null : c.seed + k);
  const z = tf.input({ shape: [c.latentDim], name: 'z' });
  // Project and reshape: the paper's first layer is a matrix multiply whose result is reshaped to a 4-D map.
  let x = tf.layers.dense({
    units: c.baseSize * c.baseSize * c.baseChannels,
    useBias: false,
    kernelInitializer: heNormal(seedAt(0)),
    name: 'project',
  }).apply(z) as tf.SymbolicTensor;
  x = tf.layers.batchNormalization({ name: 'project_bn' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU({ name: 'project_relu' }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [c.baseSize, c.baseSize, c.baseChannels], name: 'project_reshape' }).apply(x) as tf.SymbolicTensor;
  c.channelsPerBlock.forEach((filters, i) => {
    x = upsampleBlock(x, { filters, kernelSize: c.kernelSize, seed: seedAt(i + 1), name: `up${i + 1}` });
  });
  const image = upsampleBlock(x, {
    filters: c.imageChannels,
    kernelSize: c.kernelSize,
    batchNorm: false,
    activation: 'tanh',
    seed: seedAt(c.channelsPerBlock.length + 1),
    name: 'image',
  });
  return tf.model({ inputs: z, outputs: image, name: 'dcgan_generator' });
}
