import { createOptimizer } from '@deeper/core';
import { buildDcgan } from '../../../packages/dcgan/src/dcgan-config';
import type { GanPair } from '../../../packages/dcgan/src/gan-step';

/** A conditional DCGAN small enough for unit tests: 4 base filters, latent 8, 3 classes, seed 1. */
export const tiny = { baseFilters: 4, latentDim: 8, classes: 3, seed: 1 };

/** G and D of `tiny`, each with the paper's Adam (β1 0.5) at a test-sized rate. */
export const pairOf = (): GanPair => {
  const { generator, discriminator } = buildDcgan(tiny);
  const adam = () => createOptimizer({ name: 'adam', learningRate: 1e-2, beta1: 0.5 });
  return { generator, discriminator, generatorOptimizer: adam(), discriminatorOptimizer: adam() };
};

/** Frees both networks and both optimizers. */
export const disposePair = (p: GanPair) => {
  p.generator.dispose();
  p.discriminator.dispose();
  p.generatorOptimizer.dispose();
  p.discriminatorOptimizer.dispose();
};
