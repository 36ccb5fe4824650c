/**
 * The DCGAN discriminator (Radford, Metz & Chintala 2016, §3): strided convolutions instead
 * of pooling, LeakyReLU (slope 0.2) in every layer, batch norm in every layer but the first
 * (the input layer), the last convolution flattened into one logit (real vs generated), to
 * be used with a sigmoid cross-entropy. Weights start from N(0, 0.02) (§4), He is an option.
 *
 * Class-conditional variants, with `classes` > 0 and the one-hot class y as a second input:
 *
 *   concat      (Mirza & Osindero 2014, §3.2) y broadcast to `classes` constant planes stacked
 *               onto the image's channels, so every layer can judge "real image of class y";
 *   projection  (Miyato & Koyama 2018, "cGANs with Projection Discriminator", eq. 3) the image
 *               alone goes through the convolutions to features φ(x), and the logit is
 *               ψ(φ(x)) + yᵀVφ(x): the unconditional logit plus the inner product of φ(x) with
 *               the class's embedding, a row of V.
 *
 * Normalization, `normalization`:
 *
 *   batch     the paper's: batch norm after every convolution but the input layer's;
 *   spectral  (Miyato, Kataoka, Koyama & Yoshida 2018, "Spectral Normalization for GANs", §2.1)
 *             no batch norm; every layer with weights (the convolutions, the logit's dense
 *             layer and the projection's class embedding, as Miyato & Koyama 2018 do) computes
 *             with its kernel divided by its largest singular value, so D is 1-Lipschitz in
 *             each layer and each example is judged on its own, not through its batch.
 */
import * as tf from '@tensorflow/tfjs';
import { batchNormalization, checkInteger, checkNumber, checkOneOf, ConfigError, resolveConfig, spectralConv2d, spectralDense } from '@deeper/core';
import { dcganInitializer, dcganInitNames, type DcganInit } from './dcgan-initializer';

/** How a conditional discriminator reads the class (see the file comment). */
export const dcganConditioningNames = ['concat', 'projection'] as const;
export type DcganConditioning = (typeof dcganConditioningNames)[number];

/** How the discriminator's layers are normalized (see the file comment). */
export const dcganNormalizationNames = ['batch', 'spectral'] as const;
export type DcganNormalization = (typeof dcganNormalizationNames)[number];

export interface DcganDiscriminatorConfig {
  /** Input image side, pixels. Default 28 (MNIST). */
  imageSize: number;
  /** Input image channels. Default 1. */
  imageChannels: number;
  /** Channels of each stride-2 convolution, in order. Default [64, 128] (the paper's 64-channel first layer, doubling). */
  channelsPerBlock: number[];
  /** Convolution kernel side. Default 5 (the paper's Fig. 1). */
  kernelSize: number;
  /**
   * Channels of an extra stride-1 3×3 convolution at the image's full resolution, before the first stride-2 one;
   * 0: none, the paper's discriminator. With n > 0 that convolution is the input layer (LeakyReLU, no batch norm,
   * §3), and the first stride-2 convolution gets batch norm like the others: the counterpart of the generator's
   * full-resolution block, so that the discriminator judges the texture at every pixel position, not every other
   * (the standard CNN discriminator of Miyato et al. 2018, Table 3, opens with such a layer). Default 0.
   */
  fullResolutionChannels: number;
  /** Negative slope of LeakyReLU. Default 0.2 (the paper, §3). */
  leakySlope: number;
  /** Number of classes of the conditional variant; 0: unconditional. Default 0. */
  classes: number;
  /** How the conditional variant reads the class: `concat` (input planes, Mirza & Osindero 2014) or `projection` (Miyato & Koyama 2018); unused when `classes` is 0. Default `concat` (the DCGAN-era conditional GAN). */
  conditioning: DcganConditioning;
  /** `batch` norm (the paper, §3) or `spectral` normalization of every weighted layer (Miyato et al. 2018); see the file comment. Default `batch`. */
  normalization: DcganNormalization;
  /** Weight initialization: `normal` N(0, initStddev²) (the paper, §4) or `he`. Default `normal`. */
  init: DcganInit;
  /** Standard deviation of the `normal` initialization. Default 0.02 (the paper, §4). */
  initStddev: number;
  /** Batch-norm moving-average momentum. Default 0.9 (PyTorch's 0.1 update rate, as in the DCGAN reference code). */
  batchNormMomentum: number;
  /** Seed of the weight initializers; `null` draws fresh weights. Default null. */
  seed: number | null;
}

export const dcganDiscriminatorDefaults: DcganDiscriminatorConfig = {
  imageSize: 28,
  imageChannels: 1,
  channelsPerBlock: [64, 128],
  kernelSize: 5,
  fullResolutionChannels: 0,
  leakySlope: 0.2,
  classes: 0,
  conditioning: 'concat',
  normalization: 'batch',
  init: 'normal',
  initStddev: 0.02,
  batchNormMomentum: 0.9,
  seed: null,
};

export function resolveDcganDiscriminatorConfig(partial: Partial<DcganDiscriminatorConfig> = {}): DcganDiscriminatorConfig {
  const who = 'dcganDiscriminator';
  const c = resolveConfig(who, dcganDiscriminatorDefaults, partial);
  checkInteger(who, 'imageSize', c.imageSize);
  checkInteger(who, 'imageChannels', c.imageChannels);
  checkInteger(who, 'kernelSize', c.kernelSize);
  checkInteger(who, 'fullResolutionChannels', c.fullResolutionChannels, 0);
  checkNumber(who, 'leakySlope', c.leakySlope, 0, 1);
  checkInteger(who, 'classes', c.classes, 0);
  checkOneOf(who, 'conditioning', c.conditioning, dcganConditioningNames);
  checkOneOf(who, 'normalization', c.normalization, dcganNormalizationNames);
  checkOneOf(who, 'init', c.init, dcganInitNames);
  checkNumber(who, 'initStddev', c.initStddev, 0, Infinity, true);
  checkNumber(who, 'batchNormMomentum', c.batchNormMomentum, 0, 1, true);
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

/**
 * Builds the discriminator: input [batch, size, size, channels] in [-1, 1] (and, when
 * conditional, the one-hot class [batch, classes]), output [batch, 1] logits.
 */
export function dcganDiscriminator(config: Partial<DcganDiscriminatorConfig> = {}): tf.LayersModel {
  const c = resolveDcganDiscriminatorConfig(config);
  const init = (k: number) => dcganInitializer(c.init, c.initStddev, c.seed === null ? null : c.seed + k);
  const image = tf.input({ shape: [c.imageSize, c.imageSize, c.imageChannels], name: 'image' });
  const label = c.classes > 0 ? tf.input({ shape: [c.classes], name: 'label' }) : null;
  const spectral = c.normalization === 'spectral';
  // ũ's seeds follow the weights' (seed + k, k the layer's initializer index), offset so that they differ from them.
  const spectralArgs = (k: number) => ({ powerIterations: 1, seed: c.seed === null ? null : c.seed + 500 + k });
  const conv2d = (args: Parameters<typeof tf.layers.conv2d>[0], k: number) => (spectral ? spectralConv2d({ ...args, ...spectralArgs(k) }) : tf.layers.conv2d(args));
  const dense = (args: Parameters<typeof tf.layers.dense>[0], k: number) => (spectral ? spectralDense({ ...args, ...spectralArgs(k) }) : tf.layers.dense(args));
  let x: tf.SymbolicTensor = image;
  if (label !== null && c.conditioning === 'concat') {
    let planes = tf.layers.repeatVector({ n: c.imageSize * c.imageSize, name: 'label_repeat' }).apply(label) as tf.SymbolicTensor;
    planes = tf.layers.reshape({ targetShape: [c.imageSize, c.imageSize, c.classes], name: 'label_planes' }).apply(planes) as tf.SymbolicTensor;
    x = tf.layers.concatenate({ axis: -1, name: 'image_label' }).apply([image, planes]) as tf.SymbolicTensor;
  }
  if (c.fullResolutionChannels > 0) {
    const k = c.channelsPerBlock.length + 2;
    x = conv2d({
      filters: c.fullResolutionChannels, kernelSize: 3, strides: 1, padding: 'same', kernelInitializer: init(k), name: 'full_conv',
    }, k).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: c.leakySlope, name: 'full_lrelu' }).apply(x) as tf.SymbolicTensor;
  }
  c.channelsPerBlock.forEach((filters, i) => {
    // The paper leaves batch norm out of the discriminator's input layer (§3); batch norm makes the bias redundant.
    const batchNorm = !spectral && !(i === 0 && c.fullResolutionChannels === 0);
    x = conv2d({
      filters, kernelSize: c.kernelSize, strides: 2, padding: 'same', useBias: !batchNorm, kernelInitializer: init(i), name: `down${i + 1}`,
    }, i).apply(x) as tf.SymbolicTensor;
    if (batchNorm) x = batchNormalization({ momentum: c.batchNormMomentum, name: `down${i + 1}_bn` }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: c.leakySlope, name: `down${i + 1}_lrelu` }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  let logit = dense({ units: 1, kernelInitializer: init(c.channelsPerBlock.length), name: 'logit' }, c.channelsPerBlock.length).apply(x) as tf.SymbolicTensor;
  if (label !== null && c.conditioning === 'projection') {
    // yᵀVφ(x): the one-hot y picks its row of V (a dense layer without bias), dotted with φ(x).
    const features = (x.shape as number[])[1];
    const embedded = dense({ units: features, useBias: false, kernelInitializer: init(c.channelsPerBlock.length + 1), name: 'label_embedding' }, c.channelsPerBlock.length + 1).apply(label) as tf.SymbolicTensor;
    const projection = tf.layers.dot({ axes: 1, name: 'projection' }).apply([x, embedded]) as tf.SymbolicTensor;
    logit = tf.layers.add({ name: 'logit_projection' }).apply([logit, projection]) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: label === null ? image : [image, label], outputs: logit, name: 'dcgan_discriminator' });
}
