/**
 * `deeper augment --dataset <mnist|fashion-mnist> --out grid.png [--count 8] [--copies 7]
 * [--seed 0] [--ops rotate,translate,crop,flip,brightness,contrast,scale] [--scale 3]`: a PNG to
 * look at what the augmentations do. Row i shows image i of the dataset: the original in the
 * first column, set off by a wider gap, then `--copies` augmented versions, each column one
 * draw of the composed pipeline with its own seed (derived from `--seed`, so the picture is
 * reproducible). Without `--ops`, the dataset's training defaults (@deeper/classify
 * defaultAugmentationNames, what `deeper classify train` uses): rotations and shifts for
 * digits, never flips (a mirrored 2, 3 or 7 is not a digit); shifted crops and flips for clothing.
 * Asking for flips on digits is allowed, with a warning.
 */
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import { ConfigError, SeededRng, checkInteger, checkOneOf, resolveConfig } from '@deeper/core';
import { augmentationNames, buildAugmentation, datasetNames, defaultAugmentationNames, loadDataset, type AugmentationName, type DatasetName } from '@deeper/classify';
import { writePng, type RgbFrame } from '@deeper/envs';
import { useBackend } from '../use-backend';

/** The `--ops` names: @deeper/classify's augmentation names, sized as classifier training sizes them. */
export type AugmentOpName = AugmentationName;
export const augmentOpNames: AugmentOpName[] = [...augmentationNames];

export interface AugmentGridConfig {
  /** Which dataset to draw from; required. */
  dataset: DatasetName;
  /** Path of the PNG to write (its folder is created); required. */
  out: string;
  /** Number of dataset images, one per row (the first ones of the dataset); default 8. */
  count: number;
  /** Augmented copies per image, one per column after the original; default 7. */
  copies: number;
  /** Seed of the augmentation draws; default 0. */
  seed: number;
  /** The augmentations, applied in this order; default null: the dataset's training defaults (defaultAugmentationNames: rotate, translate for mnist; crop, flip for fashion-mnist). */
  ops: AugmentOpName[] | null;
  /** Screen pixels per image pixel; default 3 (28-pixel digits are small on a screen). */
  scale: number;
}

export const augmentGridDefaults: Omit<AugmentGridConfig, 'dataset' | 'out'> = {
  count: 8, copies: 7, seed: 0, ops: null, scale: 3,
};

export interface AugmentGridResult {
  out: string;
  /** PNG size in pixels. */
  width: number;
  height: number;
  /** Grid rows (images) and columns (1 original + copies). */
  rows: number;
  columns: number;
  /** Side of one cell's image in PNG pixels, and the layout, for readers of the picture. */
  cellWidth: number;
  cellHeight: number;
  gap: number;
  originalGap: number;
}

const who = 'deeper augment';
const gap = 2;
const originalGap = 8;
const background = 48;

export function resolveAugmentGridConfig(partial: Partial<AugmentGridConfig>): AugmentGridConfig {
  const config = resolveConfig(who, { ...augmentGridDefaults, dataset: undefined as unknown as DatasetName, out: '' }, partial);
  checkOneOf(who, 'dataset', config.dataset, datasetNames);
  if (typeof config.out !== 'string' || config.out === '') throw new ConfigError(who, 'out', 'a file path', config.out, 'Pass --out grid.png');
  checkInteger(who, 'count', config.count, 1, 1000);
  checkInteger(who, 'copies', config.copies, 1, 100);
  checkInteger(who, 'seed', config.seed, 0);
  checkInteger(who, 'scale', config.scale, 1, 16);
  if (config.ops === null) return { ...config, ops: defaultAugmentationNames(config.dataset) };
  if (!Array.isArray(config.ops)) throw new ConfigError(who, 'ops', 'a list of augmentation names', config.ops);
  for (const op of config.ops) checkOneOf(who, 'ops', op, augmentOpNames);
  if (config.dataset === 'mnist' && config.ops.includes('flip')) {
    console.error(`${who}: warning: flip mirrors digits (a mirrored 2, 3 or 7 is no digit); \`deeper classify train\` never flips mnist`);
  }
  return config;
}

/** Writes the grid; call `useBackend` (or tf.setBackend) first. */
export async function augmentGrid(partial: Partial<AugmentGridConfig>): Promise<AugmentGridResult> {
  const config = resolveAugmentGridConfig(partial);
  const data = loadDataset(config.dataset, { limit: config.count });
  const { count: rows, height: h, width: w } = data;
  const ops = config.ops ?? defaultAugmentationNames(config.dataset);
  const augmentation = buildAugmentation(ops, h);
  const pipeline = augmentation ?? ((batch: tf.Tensor4D) => tf.clone(batch));
  const seeds = new SeededRng(config.seed);
  const columns: Float32Array[] = [data.images];
  const batch = tf.tensor4d(data.images, [rows, h, w, 1]);
  try {
    for (let c = 0; c < config.copies; c++) {
      const augmented = pipeline(batch, seeds.nextUint32());
      columns.push(await augmented.data() as Float32Array);
      augmented.dispose();
    }
  } finally {
    batch.dispose();
  }

  const cellWidth = w * config.scale;
  const cellHeight = h * config.scale;
  const xOf = (c: number) => gap + c * (cellWidth + gap) + (c > 0 ? originalGap - gap : 0);
  const width = xOf(columns.length - 1) + cellWidth + gap;
  const height = gap + rows * (cellHeight + gap);
  const frame: RgbFrame = { width, height, data: new Uint8Array(width * height * 3).fill(background) };
  columns.forEach((pixels, c) => {
    for (let r = 0; r < rows; r++) {
      const top = gap + r * (cellHeight + gap);
      for (let y = 0; y < cellHeight; y++) {
        for (let x = 0; x < cellWidth; x++) {
          const v = pixels[r * h * w + Math.floor(y / config.scale) * w + Math.floor(x / config.scale)];
          // Brightness and contrast may leave [0, 1]; clip only for display.
          const grey = Math.round(255 * Math.min(1, Math.max(0, v)));
          frame.data.fill(grey, ((top + y) * width + xOf(c) + x) * 3, ((top + y) * width + xOf(c) + x) * 3 + 3);
        }
      }
    }
  });
  writePng(config.out, frame);
  return { out: config.out, width, height, rows, columns: columns.length, cellWidth, cellHeight, gap, originalGap };
}

function integer(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new ConfigError(who, flag, 'an integer', value);
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('augment')
    .description('write a PNG grid of dataset images beside augmented copies')
    .requiredOption('--dataset <name>', `dataset: ${datasetNames.join(' or ')}`)
    .requiredOption('--out <file>', 'PNG file to write')
    .option('--count <n>', 'images (rows)', integer('--count'), augmentGridDefaults.count)
    .option('--copies <n>', 'augmented copies per image (columns after the original)', integer('--copies'), augmentGridDefaults.copies)
    .option('--seed <n>', 'seed of the augmentation draws', integer('--seed'), augmentGridDefaults.seed)
    .option('--ops <list>', `comma-separated, applied in order, among ${augmentOpNames.join(', ')} (default: the dataset's training defaults, no flips for digits)`)
    .option('--scale <n>', 'screen pixels per image pixel', integer('--scale'), augmentGridDefaults.scale)
    .action(async (opts: { dataset: DatasetName; out: string; count: number; copies: number; seed: number; ops?: string; scale: number }, command: Command) => {
      const ops = opts.ops === undefined ? null : opts.ops.split(',').map((s) => s.trim()).filter(Boolean) as AugmentOpName[];
      const config = resolveAugmentGridConfig({ ...opts, ops });
      const backend = await useBackend(command);
      const result = await augmentGrid(config);
      console.log(`wrote ${result.out} (${result.width}×${result.height} px): ${result.rows} ${config.dataset} images, each original then ${config.copies} augmented copies (${(config.ops ?? []).join(', ') || 'none'}; seed ${config.seed}) on the ${backend.name} backend`);
    });
}
