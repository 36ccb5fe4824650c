/**
 * Splits a dataset in two at random, class by class (stratified, as scikit-learn's
 * `train_test_split(stratify=y)`): each class gives the same fraction to the held-out part,
 * so a small validation set still has every class. Seeded, so a run and its resume agree.
 */
import { checkNumber, checkInteger, ConfigError, resolveConfig, TrainRng } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';
import { subsetDataset } from './subset-dataset';

export interface SplitDatasetConfig {
  /** Fraction of each class held out, in (0, 1); default 0.1 (Keras's usual validation_split). */
  fraction: number;
  /** Seed of the draw; default 0. */
  seed: number;
}

export const splitDatasetDefaults: SplitDatasetConfig = { fraction: 0.1, seed: 0 };

export function resolveSplitDatasetConfig(partial: Partial<SplitDatasetConfig> = {}): SplitDatasetConfig {
  const c = resolveConfig('splitDataset', splitDatasetDefaults, partial);
  checkNumber('splitDataset', 'fraction', c.fraction, 0, 1);
  if (c.fraction <= 0 || c.fraction >= 1) throw new ConfigError('splitDataset', 'fraction', 'a number strictly between 0 and 1', c.fraction);
  checkInteger('splitDataset', 'seed', c.seed, 0);
  return c;
}

/** `kept` and `held` partition `data`; each keeps the original order of its images. */
export function splitDataset(data: ImageDataset, partial: Partial<SplitDatasetConfig> = {}): { kept: ImageDataset; held: ImageDataset } {
  const c = resolveSplitDatasetConfig(partial);
  const rng = new TrainRng(c.seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < data.count; i++) {
    const list = byClass.get(data.labels[i]) ?? [];
    list.push(i);
    byClass.set(data.labels[i], list);
  }
  const isHeld = new Uint8Array(data.count);
  for (const indices of [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v)) {
    const order = rng.permutation(indices.length);
    const take = Math.round(indices.length * c.fraction);
    for (let k = 0; k < take; k++) isHeld[indices[order[k]]] = 1;
  }
  const kept: number[] = [];
  const held: number[] = [];
  for (let i = 0; i < data.count; i++) (isHeld[i] ? held : kept).push(i);
  if (held.length === 0 || kept.length === 0) {
    throw new DatasetError('splitDataset', `a dataset large enough that a fraction of ${c.fraction} leaves images on both sides`, `${data.count} images`,
      'Use a larger dataset or another fraction');
  }
  return { kept: subsetDataset(data, kept), held: subsetDataset(data, held) };
}
