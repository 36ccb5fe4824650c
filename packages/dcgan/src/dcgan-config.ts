/**
 * One config for a DCGAN pair (Radford, Metz & Chintala 2016, Fig. 1 and §3): image size
 * and channels, latent size and base filters give both networks. The generator projects z
 * to a `baseSize`×`baseSize` map, `baseSize` being the image side halved until it is at most
 * 7 (28 → 7, 32 → 4, 64 → 4), and doubles it per block while halving the channels; the
 * discriminator mirrors it:
 *
 *   size  generator (project → deconvs → image)        discriminator (convs → logit)
 *   28    7×7×2b → 14×14×b → 28×28×c                    b → 2b
 *   32    4×4×4b → 8×8×2b → 16×16×b → 32×32×c           b → 2b → 4b
 *   64    4×4×8b → 8×8×4b → 16×16×2b → 32×32×b → 64×64×c b → 2b → 4b → 8b
 *
 * With `fullResolutionChannels` f > 0 the generator's last doubling makes S×S×f, and a stride-1
 * 3×3 convolution makes the image (28: … → 14×14×b → 28×28×f → 28×28×c). With
 * `discriminatorFullResolutionChannels` g > 0 the discriminator opens with a stride-1 3×3
 * convolution to S×S×g (28: 28×28×g → b → 2b).
 *
 * With b = 128 the 64×64 generator is the paper's Fig. 1 (4×4×1024 → … → 64×64×3).
 */
import type * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { dcganConditioningNames, dcganDiscriminator, dcganNormalizationNames, type DcganConditioning, type DcganDiscriminatorConfig, type DcganNormalization } from './dcgan-discriminator';
import { dcganGenerator, type DcganGeneratorConfig } from './dcgan-generator';
import { dcganInitNames, type DcganInit } from './dcgan-initializer';

export interface DcganConfig {
  /** Image side, pixels: 28 (MNIST, Fashion-MNIST), 32 (CIFAR-like) or 64 (the paper's LSUN/faces). Default 28. */
  imageSize: number;
  /** Image channels: 1 (grey) or 3 (RGB). Default 1. */
  imageChannels: number;
  /** Length of z. Default 100 (the paper). */
  latentDim: number;
  /** b, the channels of the generator's last hidden block and the discriminator's first layer. Default 64 (the paper's discriminator starts at 64, its Fig. 1 generator ends at 128). */
  baseFilters: number;
  /** Kernel side of every (transposed) convolution. Default 5 (the paper's Fig. 1). */
  kernelSize: number;
  /** The generator's extra block at full resolution (DcganGeneratorConfig.fullResolutionChannels); 0: none, the paper's networks. Default 0; runs recorded before this field have none. */
  fullResolutionChannels: number;
  /** The discriminator's stride-1 convolution at full resolution (DcganDiscriminatorConfig.fullResolutionChannels); 0: none, the paper's. Default 0; runs recorded before this field have none. */
  discriminatorFullResolutionChannels: number;
  /** Classes of the conditional variant (Mirza & Osindero 2014); 0: unconditional. Default 0. */
  classes: number;
  /** How the conditional discriminator reads the class: `concat` (input planes, Mirza & Osindero 2014) or `projection` (Miyato & Koyama 2018). Unused when `classes` is 0. Default `concat`; runs recorded before this field are `concat`. */
  conditioning: DcganConditioning;
  /** The discriminator's normalization: `batch` (the paper) or `spectral` (Miyato et al. 2018; DcganDiscriminatorConfig.normalization). Default `batch`; runs recorded before this field have batch norm. */
  discriminatorNormalization: DcganNormalization;
  /** Weight initialization: `normal` N(0, 0.02²) (the paper, §4) or `he`. Default `normal`. */
  init: DcganInit;
  /** Seed of both networks' initial weights (the discriminator's is seed + 1000); null: fresh. Default 0. */
  seed: number | null;
}

export const dcganDefaults: DcganConfig = {
  imageSize: 28, imageChannels: 1, latentDim: 100, baseFilters: 64, kernelSize: 5, fullResolutionChannels: 0, discriminatorFullResolutionChannels: 0, classes: 0, conditioning: 'concat', discriminatorNormalization: 'batch', init: 'normal', seed: 0,
};

/** The image sizes one config covers. */
export const dcganImageSizes = [28, 32, 64] as const;

export function resolveDcganConfig(partial: Partial<DcganConfig> = {}): DcganConfig {
  const who = 'dcgan';
  const c = resolveConfig(who, dcganDefaults, partial);
  if (!(dcganImageSizes as readonly unknown[]).includes(c.imageSize)) {
    throw new ConfigError(who, 'imageSize', `one of ${dcganImageSizes.join(', ')}`, c.imageSize);
  }
  if (c.imageChannels !== 1 && c.imageChannels !== 3) throw new ConfigError(who, 'imageChannels', '1 (grey) or 3 (RGB)', c.imageChannels);
  checkInteger(who, 'latentDim', c.latentDim);
  checkInteger(who, 'baseFilters', c.baseFilters);
  checkInteger(who, 'kernelSize', c.kernelSize, 2);
  checkInteger(who, 'fullResolutionChannels', c.fullResolutionChannels, 0);
  checkInteger(who, 'discriminatorFullResolutionChannels', c.discriminatorFullResolutionChannels, 0);
  checkInteger(who, 'classes', c.classes, 0);
  if (c.classes === 1) throw new ConfigError(who, 'classes', '0 (unconditional) or at least 2', c.classes);
  checkOneOf(who, 'conditioning', c.conditioning, dcganConditioningNames);
  checkOneOf(who, 'discriminatorNormalization', c.discriminatorNormalization, dcganNormalizationNames);
  checkOneOf(who, 'init', c.init, dcganInitNames);
  if (c.seed !== null) checkInteger(who, 'seed', c.seed, 0, 2 ** 31 - 1001);
  return c;
}

/** Number of stride-2 doublings from the projected map to the image: halve until ≤ 7. */
export function dcganLevels(imageSize: number): number {
  let levels = 0;
  for (let s = imageSize; s > 7 && s % 2 === 0; s /= 2) levels++;
  return levels;
}

/** The generator's and discriminator's configs for `config`. */
export function dcganNetworkConfigs(config: Partial<DcganConfig> = {}): { generator: DcganGeneratorConfig; discriminator: DcganDiscriminatorConfig } {
  const c = resolveDcganConfig(config);
  const levels = dcganLevels(c.imageSize);
  const b = c.baseFilters;
  // Generator channels, widest first: 2^(levels-1)·b for the projection, then halving to b.
  const widths = Array.from({ length: levels }, (_, i) => b * 2 ** (levels - 1 - i));
  const shared = { kernelSize: c.kernelSize, classes: c.classes, init: c.init, initStddev: 0.02, batchNormMomentum: 0.9 };
  return {
    generator: {
      ...shared, latentDim: c.latentDim, imageSize: c.imageSize, imageChannels: c.imageChannels,
      baseSize: c.imageSize / 2 ** levels, baseChannels: widths[0], channelsPerBlock: widths.slice(1), fullResolutionChannels: c.fullResolutionChannels, seed: c.seed,
    },
    discriminator: {
      ...shared, imageSize: c.imageSize, imageChannels: c.imageChannels, leakySlope: 0.2, conditioning: c.conditioning, normalization: c.discriminatorNormalization,
      channelsPerBlock: [...widths].reverse(), fullResolutionChannels: c.discriminatorFullResolutionChannels, seed: c.seed === null ? null : c.seed + 1000,
    },
  };
}

/** Builds both networks of `config`. */
export function buildDcgan(config: Partial<DcganConfig> = {}): { generator: tf.LayersModel; discriminator: tf.LayersModel; config: DcganConfig } {
  const c = resolveDcganConfig(config);
  const { generator, discriminator } = dcganNetworkConfigs(c);
  return { generator: dcganGenerator(generator), discriminator: dcganDiscriminator(discriminator), config: c };
}
