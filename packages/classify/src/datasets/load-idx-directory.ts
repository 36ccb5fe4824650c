/**
 * Any IDX image/label pair from a folder (the MNIST family's format: MNIST, Fashion-MNIST,
 * Kuzushiji-MNIST, EMNIST…). A split's files are found by name, gzip-compressed or not:
 * an images file (`idx3` with `images` in its name) and a labels file (`idx1`, `labels`),
 * both starting with the split's prefix: `train` for training, `t10k` or `test` for testing.
 * A folder holding a single unprefixed pair has only a training split.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkInteger, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';
import { readIdxFile } from './read-idx-file';

export interface LoadIdxDirectoryConfig {
  /** The folder with the IDX files; required. */
  dir: string;
  /** 'train' or 'test'; default 'train'. */
  split: 'train' | 'test';
  /** Keep only the first this many images; null: all (default). */
  limit: number | null;
  /** Class names by label; null (default): the label numbers '0', '1', …, up to the largest label found. */
  classNames: readonly string[] | null;
}

export const loadIdxDirectoryDefaults: LoadIdxDirectoryConfig = { dir: '', split: 'train', limit: null, classNames: null };

const who = 'loadIdxDirectory';
const prefixes = { train: ['train'], test: ['t10k', 'test'] } as const;

export function resolveLoadIdxDirectoryConfig(partial: Partial<LoadIdxDirectoryConfig> = {}): LoadIdxDirectoryConfig {
  const c = resolveConfig(who, loadIdxDirectoryDefaults, partial);
  if (typeof c.dir !== 'string' || c.dir === '') throw new ConfigError(who, 'dir', 'a folder path', c.dir);
  checkOneOf(who, 'split', c.split, ['train', 'test'] as const);
  if (c.limit !== null) checkInteger(who, 'limit', c.limit, 1);
  if (c.classNames !== null && (!Array.isArray(c.classNames) || c.classNames.some((n) => typeof n !== 'string'))) {
    throw new ConfigError(who, 'classNames', 'null or an array of strings', c.classNames);
  }
  return c;
}

const isImages = (name: string) => /idx3/i.test(name) && /image/i.test(name);
const isLabels = (name: string) => /idx1/i.test(name) && /label/i.test(name);

/** The images and labels files of `split` in `dir`, or null when the folder has none for it. */
export function findIdxPair(dir: string, split: 'train' | 'test'): { images: string; labels: string } | null {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DatasetError(who, 'a folder of IDX files', `${JSON.stringify(dir)}, which is not a folder`);
  const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile());
  const images = names.filter(isImages);
  const labels = names.filter(isLabels);
  const pick = (list: string[]) => {
    const prefixed = list.filter((n) => prefixes[split].some((p) => n.toLowerCase().startsWith(p)));
    if (prefixed.length > 0) return prefixed.sort()[0];
    const unprefixed = list.filter((n) => ![...prefixes.train, ...prefixes.test].some((p) => n.toLowerCase().startsWith(p)));
    return split === 'train' && unprefixed.length === 1 && list.length === 1 ? unprefixed[0] : null;
  };
  const imagesFile = pick(images);
  const labelsFile = pick(labels);
  if (imagesFile === null || labelsFile === null) return null;
  return { images: join(dir, imagesFile), labels: join(dir, labelsFile) };
}

export function loadIdxDirectory(partial: Partial<LoadIdxDirectoryConfig> = {}): ImageDataset {
  const c = resolveLoadIdxDirectoryConfig(partial);
  const pair = findIdxPair(c.dir, c.split);
  if (pair === null) {
    throw new DatasetError(who, `an IDX images file (name with "images" and "idx3") and a labels file ("labels", "idx1") for the ${c.split} split in ${c.dir}` +
      ` (names starting with ${prefixes[c.split].map((p) => JSON.stringify(p)).join(' or ')})`, `the files ${JSON.stringify(readdirSync(c.dir))}`);
  }
  const images = readIdxFile(pair.images);
  const labels = readIdxFile(pair.labels);
  if (images.shape.length !== 3 || !(images.data instanceof Uint8Array)) {
    throw new DatasetError(who, `unsigned-byte images of shape [N, height, width] in ${pair.images}`, `shape [${images.shape.join(', ')}] of ${images.data.constructor.name}`);
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== images.shape[0] || !(labels.data instanceof Uint8Array)) {
    throw new DatasetError(who, `${images.shape[0]} unsigned-byte labels in ${pair.labels} (one per image)`, `shape [${labels.shape.join(', ')}] of ${labels.data.constructor.name}`);
  }
  const [total, height, width] = images.shape;
  const count = Math.min(c.limit ?? total, total);
  const pixels = new Float32Array(count * height * width);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  const labelData = labels.data.slice(0, count);
  let largest = 0;
  for (const label of labels.data) largest = Math.max(largest, label);
  const classNames = c.classNames ?? Array.from({ length: largest + 1 }, (_, i) => String(i));
  if (largest >= classNames.length) {
    throw new DatasetError(who, `labels below the ${classNames.length} class names given`, `label ${largest} in ${pair.labels}`);
  }
  return { images: pixels, labels: labelData, count, height, width, channels: 1, classNames };
}
