/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 60,000 training and 10,000 test 28×28 grey images
 * of clothing in 10 classes, in the IDX files as distributed, which the Debian package
 * `dataset-fashion-mnist` installs (gzip-compressed) under /usr/share/datasets/fashion-mnist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkInteger, checkOneOf, resolveConfig } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';
import { readIdxFile } from './read-idx-file';

export interface LoadFashionMnistConfig {
  /** Folder with the four IDX files, gzip-compressed or not; default /usr/share/datasets/fashion-mnist (where `apt-get install dataset-fashion-mnist` puts them). */
  dir: string;
  /** Which split: 'train' (60,000 images) or 'test' (10,000); default 'train'. */
  split: 'train' | 'test';
  /** Keep only the first this many images; null: all (default). */
  limit: number | null;
}

export const loadFashionMnistDefaults: LoadFashionMnistConfig = { dir: '/usr/share/datasets/fashion-mnist', split: 'train', limit: null };

/** The labels' names, in label order (from the dataset's README). */
export const fashionMnistClassNames = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

export function resolveLoadFashionMnistConfig(partial: Partial<LoadFashionMnistConfig> = {}): LoadFashionMnistConfig {
  const config = resolveConfig('loadFashionMnist', loadFashionMnistDefaults, partial);
  checkOneOf('loadFashionMnist', 'split', config.split, ['train', 'test'] as const);
  if (config.limit !== null) checkInteger('loadFashionMnist', 'limit', config.limit, 1);
  return config;
}

function findFile(dir: string, base: string): string {
  for (const name of [`${base}.gz`, base]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new DatasetError('loadFashionMnist', `${base}(.gz) in ${dir}`, 'no such file',
    dir === loadFashionMnistDefaults.dir
      ? 'Install the dataset with `apt-get install dataset-fashion-mnist`'
      : `Point dir at the folder with the Fashion-MNIST IDX files, or run \`apt-get install dataset-fashion-mnist\` and use the default ${loadFashionMnistDefaults.dir}`);
}

export function loadFashionMnist(partial: Partial<LoadFashionMnistConfig> = {}): ImageDataset {
  const { dir, split, limit } = resolveLoadFashionMnistConfig(partial);
  const prefix = split === 'train' ? 'train' : 't10k';
  const images = readIdxFile(findFile(dir, `${prefix}-images-idx3-ubyte`));
  const labels = readIdxFile(findFile(dir, `${prefix}-labels-idx1-ubyte`));
  if (images.shape.length !== 3 || labels.shape.length !== 1 || images.shape[0] !== labels.shape[0] || !(images.data instanceof Uint8Array) || !(labels.data instanceof Uint8Array)) {
    throw new DatasetError('loadFashionMnist', 'unsigned-byte images [N, H, W] and labels [N] of the same N',
      `images [${images.shape.join(', ')}] and labels [${labels.shape.join(', ')}]`, `Check the files in ${dir}`);
  }
  const [total, height, width] = images.shape;
  const count = Math.min(limit ?? total, total);
  const pixels = new Float32Array(count * height * width);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  return { images: pixels, labels: labels.data.slice(0, count), count, height, width, classNames: fashionMnistClassNames };
}
