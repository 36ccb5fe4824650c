/**
 * `deeper gan interpolate --run DIR --steps 10 --seed S --out strip.png [--rows R] [--class k]`:
 * walks in latent space (Radford et al. 2016, §6.1 and Fig. 4): each row holds `steps`
 * images from z₀ to z₁ along the straight line z = (1 − t)·z₀ + t·z₁, t = 0 … 1, the two
 * end points drawn from the seed. Smooth transitions say the generator has not memorized
 * the training images. A conditional model keeps one class per row (row r: class r mod K, or k).
 */
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '@deeper/core';
import { imageGridPng, latentPoints } from '@deeper/dcgan';
import { useBackend } from '../use-backend';
import { classOption, generatorOptions, intOption, loadRunGenerator } from './gan-options';

/** The strip's PNG bytes. */
export async function interpolationPng(generator: tf.LayersModel, model: { latentDim: number; classes: number }, latent: 'uniform' | 'normal', steps: number, rows: number, seed: number, only: number | null): Promise<Buffer> {
  const [, size, , channels] = generator.outputs[0].shape as number[];
  const n = rows * steps;
  const output = tf.tidy(() => {
    const ends = latentPoints(2 * rows, model.latentDim, latent, seed);
    const z0 = ends.slice([0, 0], [rows, model.latentDim]);
    const z1 = ends.slice([rows, 0], [rows, model.latentDim]);
    const t = tf.linspace(0, 1, steps).reshape([1, steps, 1]);
    // [rows, steps, latentDim] → [rows·steps, latentDim], row-major: one row per walk.
    const z = z0.expandDims(1).mul(tf.sub(1, t)).add(z1.expandDims(1).mul(t)).reshape([n, model.latentDim]);
    const labels = model.classes > 0
      ? tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => only ?? Math.floor(i / steps) % model.classes), 'int32'), model.classes).toFloat()
      : null;
    return generator.predict(labels === null ? z : [z, labels], { batchSize: n }) as tf.Tensor;
  });
  // Read asynchronously: WebGPU under Node cannot read synchronously.
  const images = await output.data().finally(() => output.dispose()) as Float32Array;
  return imageGridPng(images, n, size, channels, steps);
}

export function register(gan: Command): void {
  generatorOptions(gan
    .command('interpolate')
    .description('write a PNG strip of images along straight lines in latent space (the paper\'s Fig. 4)')
    .requiredOption('--run <dir>', 'run folder of `deeper gan train`'))
    .requiredOption('--out <file>', 'PNG file to write')
    .option('--steps <n>', 'images per walk', '10')
    .option('--rows <n>', 'walks (rows)', '1')
    .option('--seed <n>', 'seed of the end points', '0')
    .option('--class <k>', 'conditional models: only this class')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      const who = 'deeper gan interpolate';
      const steps = intOption(who, '--steps', opts.steps, 2);
      const rows = intOption(who, '--rows', opts.rows);
      const seed = intOption(who, '--seed', opts.seed, 0);
      await useBackend(command);
      const { generator, config } = await loadRunGenerator(who, String(opts.run), opts);
      try {
        const only = classOption(who, opts.class, config.model);
        writeFileAtomic(String(opts.out), await interpolationPng(generator, config.model, config.train.latent, steps, rows, seed, only));
        console.error(`${who}: ${rows}×${steps} images → ${opts.out}`);
      } finally {
        generator.dispose();
      }
    });
}
