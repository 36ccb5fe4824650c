/**
 * The DCGAN discriminator (Radford, Metz & Chintala 2016, §3): strided convolutions instead
 * of pooling, LeakyReLU (slope 0.2) in every layer, batch norm in every layer but the first,
 * and one logit out (real vs generated), to be used with a sigmoid cross-entropy.
 *
 * Deviation: weights start from He initialization rather than the paper's N(0, 0.02).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, glorotUniform, heNormal, resolveConfig } from '@deeper/core';

export interface DcganDiscriminatorConfig {
  /** Input image side, pixels. Default 28 (MNIST). */
  imageSize: number;
  /** Input image channels. Default 1. */
  imageChannels: number;
  /** Channels of each stride-2 convolution, in order. Default [64, 128]. */
  channelsPerBlock: number[];
  /** Convolution kernel side. Default 5 (the paper's Fig. 1). */
  kernelSize: number;
  /** Negative slope of LeakyReLU. Default 0.2 (the paper). */
  leakySlope: number;
  /** Seed of the weight initializers; `null` draws fresh weights. Default null. */
  seed: number | null;
}

export const dcganDiscriminatorDefaults: DcganDiscriminatorConfig = {
  imageSize: 28,
  imageChannels: 1,
  channelsPerBlock: [64, 128],
  kernelSize: 5,
  leakySlope: 0.2,
  seed: null,
};

export function resolveDcganDiscriminatorConfig(partial: Partial<DcganDiscriminatorConfig> = {}): DcganDiscriminatorConfig {
  const who = 'dcganDiscriminator';
  const c = resolveConfig(who, dcganDiscriminatorDefaults, partial);
  checkInteger(who, 'imageSize', c.imageSize);
  checkInteger(who, 'imageChannels', c.imageChannels);
  checkInteger(who, 'kernelSize', c.kernelSize);
  checkNumber(who, 'leakySlope', c.leakySlope, 0, 1);
  if (!Array.isArray(c.channelsPerBlock) || c.channelsPerBlock.length === 0 ||
      !c.channelsPerBlock.every((n) => Number.isInteger(n) && n > 0)) {
    throw new ConfigError(who, 'channelsPerBlock', 'a non-empty array of positive integers', c.channelsPerBlock);
  }
  if (c.kernelSize > c.imageSize) {
    throw new ConfigError(who, 'kernelSize', `at most imageSize ${c.imageSize}`, c.kernelSize);
  }
  if (c.seed !== null) checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** Builds the discriminator: input [batch, size, size, channels] in [-1, 1], output [batch, 1] logits. */
export function dcganDiscriminator(config: Partial<DcganDiscriminatorConfig> = {}): tf.LayersModel {
  const c = resolveDcganDiscriminatorConfig(config);
  const image = tf.input({ shape: [c.imageSize, c.imageSize, c.imageChannels], name: 'image' });
  let x: tf.SymbolicTensor = image;
  c.channelsPerBlock.forEach((filters, i) => {
    x = tf.layers.conv2d({
      filters,
      kernelSize: c.kernelSize,
      strides: 2,
      padding: 'same',
      useBias: i === 0,
      kernelInitializer: heNormal(c.seed === null ? null : c.seed + i),
      name: `down${i + 1}`,
    }).apply(x) as tf.SymbolicTensor;
    // The paper leaves batch norm out of the discriminator's input layer.
    if (i > 0) x = tf.layers.batchNormalization({ name: `down${i + 1}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: c.leakySlope, name: `down${i + 1}_lrelu` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  const logit = tf.layers.dense({
    units: 1,
    kernelInitializer: glorotUniform(c.seed === null ? null : c.seed + c.channelsPerBlock.length),
    name: 'logit',
  }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: image, outputs: logit, name: 'dcgan_discriminator' });
}
