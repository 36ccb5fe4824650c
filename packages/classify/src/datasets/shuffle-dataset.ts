/** The images of a dataset in a seeded random order (Fisher–Yates over TrainRng, as fit shuffles). */
import { checkInteger, TrainRng } from '@deeper/core';
import type { ImageDataset } from './image-dataset';
import { subsetDataset } from './subset-dataset';

export function shuffleDataset(data: ImageDataset, seed: number): ImageDataset {
  checkInteger('shuffleDataset', 'seed', seed, 0);
  return subsetDataset(data, new TrainRng(seed).permutation(data.count));
}
