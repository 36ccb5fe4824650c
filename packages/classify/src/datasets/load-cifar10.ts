/**
 * CIFAR-10 in its binary version (Krizhevsky 2009, "Learning Multiple Layers of Features
 * from Tiny Images"; the "CIFAR-10 binary version (suitable for C programs)" archive):
 * `data_batch_1.bin` … `data_batch_5.bin` (50,000 training images) and `test_batch.bin`
 * (10,000), each a run of 3,073-byte records: one label byte, then 1,024 red, 1,024 green
 * and 1,024 blue bytes, each plane row-major 32×32. `batches.meta.txt` names the classes.
 * The folder may be the archive's `cifar-10-batches-bin` or one that contains it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkInteger, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';

export interface LoadCifar10Config {
  /** The folder with the .bin batches (or the folder holding `cifar-10-batches-bin`); required. */
  dir: string;
  /** 'train' (the data_batch files) or 'test' (test_batch.bin); default 'train'. */
  split: 'train' | 'test';
  /** Keep only the first this many images; null: all (default). */
  limit: number | null;
}

export const loadCifar10Defaults: LoadCifar10Config = { dir: '', split: 'train', limit: null };

/** The labels' names, in label order, when the folder has no batches.meta.txt (from the dataset's page). */
export const cifar10ClassNames = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

const who = 'loadCifar10';
const side = 32;
const recordBytes = 1 + 3 * side * side;

export function resolveLoadCifar10Config(partial: Partial<LoadCifar10Config> = {}): LoadCifar10Config {
  const c = resolveConfig(who, loadCifar10Defaults, partial);
  if (typeof c.dir !== 'string' || c.dir === '') throw new ConfigError(who, 'dir', 'a folder path', c.dir);
  checkOneOf(who, 'split', c.split, ['train', 'test'] as const);
  if (c.limit !== null) checkInteger(who, 'limit', c.limit, 1);
  return c;
}

/** The folder that holds the .bin batches: `dir` itself or its `cifar-10-batches-bin`; null if neither has any. */
export function findCifar10Folder(dir: string): string | null {
  for (const candidate of [dir, join(dir, 'cifar-10-batches-bin')]) {
    if (existsSync(candidate) && statSync(candidate).isDirectory() && readdirSync(candidate).some((n) => /^(data_batch_\d+|test_batch)\.bin$/.test(n))) return candidate;
  }
  return null;
}

export function loadCifar10(partial: Partial<LoadCifar10Config> = {}): ImageDataset {
  const c = resolveLoadCifar10Config(partial);
  const folder = findCifar10Folder(c.dir);
  if (folder === null) {
    throw new DatasetError(who, `CIFAR-10 binary batches (data_batch_1.bin … data_batch_5.bin, test_batch.bin) in ${c.dir} or its cifar-10-batches-bin`, 'none',
      'Unpack the CIFAR-10 binary version there');
  }
  const files = c.split === 'test'
    ? readdirSync(folder).filter((n) => n === 'test_batch.bin')
    : readdirSync(folder).filter((n) => /^data_batch_\d+\.bin$/.test(n)).sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
  if (files.length === 0) throw new DatasetError(who, `the ${c.split} batches (${c.split === 'test' ? 'test_batch.bin' : 'data_batch_N.bin'}) in ${folder}`, 'none');
  const chunks = files.map((name) => {
    const bytes = readFileSync(join(folder, name));
    if (bytes.length === 0 || bytes.length % recordBytes !== 0) {
      throw new DatasetError(who, `${join(folder, name)} to hold whole ${recordBytes}-byte records (1 label byte + 32×32×3 pixels)`, `${bytes.length} bytes`,
        'The file is truncated or not a CIFAR-10 binary batch (CIFAR-100 records have two label bytes)');
    }
    return bytes;
  });
  const total = chunks.reduce((n, b) => n + b.length / recordBytes, 0);
  const count = Math.min(c.limit ?? total, total);
  const plane = side * side;
  const images = new Float32Array(count * plane * 3);
  const labels = new Uint8Array(count);
  const classNames = readClassNames(folder);
  let i = 0;
  for (const bytes of chunks) {
    for (let r = 0; r < bytes.length / recordBytes && i < count; r++, i++) {
      const at = r * recordBytes;
      labels[i] = bytes[at];
      if (labels[i] >= classNames.length) throw new DatasetError(who, `labels 0…${classNames.length - 1}`, `label ${labels[i]} in record ${r} of a ${c.split} batch`);
      // Planar RGB on disk, channels last in memory.
      for (let p = 0; p < plane; p++) {
        for (let ch = 0; ch < 3; ch++) images[(i * plane + p) * 3 + ch] = bytes[at + 1 + ch * plane + p] / 255;
      }
    }
  }
  return { images, labels, count, height: side, width: side, channels: 3, classNames };
}

function readClassNames(folder: string): readonly string[] {
  const path = join(folder, 'batches.meta.txt');
  if (!existsSync(path)) return cifar10ClassNames;
  const names = readFileSync(path, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  return names.length >= 2 ? names : cifar10ClassNames;
}
