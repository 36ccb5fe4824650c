/**
 * `deeper gan sample --run DIR --n 64 --seed S [--class k] --out grid.png`: a PNG grid of
 * images from the run's newest generator checkpoint. The latent points come from the seed,
 * so the same run, seed and backend give the same bytes. A conditional model draws classes
 * 0 … K−1 in turn (one class per column), or only class k with --class. With --drs the
 * grid holds discriminator-rejection samples (Azadi et al. 2019; `deeper gan score --drs`).
 */
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, writeFileAtomic } from '@deeper/core';
import { generateImages, imageGridPng } from '@deeper/dcgan';
import { useBackend } from '../use-backend';
import { classOption, drsOptions, drsSample, generatorOptions, intOption, loadRunGenerator } from './gan-options';

/** The grid's PNG bytes: `n` samples of `generator` from `seed` (classes: `only`, or cycling), drawn in one batch. */
export async function samplePng(generator: tf.LayersModel, model: { latentDim: number; classes: number }, latent: 'uniform' | 'normal', n: number, seed: number, only: number | null): Promise<Buffer> {
  const { images, size, channels } = await generateImages(generator, model.latentDim, model.classes, { n, seed, latent, batchSize: n }, only);
  const columns = model.classes > 0 && only === null ? model.classes : Math.ceil(Math.sqrt(n));
  return imageGridPng(images, n, size, channels, columns);
}

export function register(gan: Command): void {
  drsOptions(generatorOptions(gan
    .command('sample')
    .description('write a PNG grid of generated images (same seed → same bytes)')
    .requiredOption('--run <dir>', 'run folder of `deeper gan train`')))
    .requiredOption('--out <file>', 'PNG file to write')
    .option('--n <n>', 'number of images', '64')
    .option('--seed <n>', 'seed of the latent points', '0')
    .option('--class <k>', 'conditional models: only this class')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const who = 'deeper gan sample';
      const n = intOption(who, '--n', opts.n);
      const seed = intOption(who, '--seed', opts.seed, 0);
      await useBackend(command);
      const { generator, config, checkpoint } = await loadRunGenerator(who, String(opts.run), opts);
      try {
        const only = classOption(who, opts.class, config.model);
        let png: Buffer;
        if (opts.drs) {
          if (only !== null) throw new ConfigError(who, '--class', 'absent with --drs (it samples every class in turn, one per column)', opts.class);
          const sample = await drsSample(who, generator, config, checkpoint, opts, n, seed);
          png = imageGridPng(sample.images, n, sample.size, sample.channels, config.model.classes > 0 ? config.model.classes : Math.ceil(Math.sqrt(n)));
          console.error(`${who}: discriminator rejection sampling accepted ${(100 * sample.acceptance).toFixed(1)} % of ${sample.candidates} candidates`);
        } else {
          png = await samplePng(generator, config.model, config.train.latent, n, seed, only);
        }
        writeFileAtomic(String(opts.out), png);
        console.error(`${who}: ${n} images → ${opts.out}`);
      } finally {
        generator.dispose();
      }
    });
}
