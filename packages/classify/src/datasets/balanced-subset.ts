/**
 * `count` labelled images drawn at random with the classes as equal as possible (count / K
 * each, the remainder going to the first classes): the "few hundred labels" of a transfer
 * or semi-supervised experiment, where a plain random draw can leave a class with none.
 */
import { checkInteger, TrainRng } from '@deeper/core';
import { DatasetError } from './dataset-error';
import type { ImageDataset } from './image-dataset';
import { subsetDataset } from './subset-dataset';

export function balancedSubset(data: ImageDataset, count: number, seed: number): ImageDataset {
  checkInteger('balancedSubset', 'count', count, 1);
  checkInteger('balancedSubset', 'seed', seed, 0);
  if (count > data.count) {
    throw new DatasetError('balancedSubset', `at most the ${data.count} labelled images the dataset has`, `a request for ${count}`, 'Ask for fewer labels');
  }
  const classes = data.classNames.length;
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < data.count; i++) byClass[data.labels[i]]?.push(i);
  const rng = new TrainRng(seed);
  const shuffled = byClass.map((list) => Array.from(rng.permutation(list.length), (k) => list[k]));
  const chosen: number[] = [];
  // Round-robin over the classes: class c gives its next image while it has one.
  for (let round = 0; chosen.length < count; round++) {
    for (let c = 0; c < classes && chosen.length < count; c++) if (round < shuffled[c].length) chosen.push(shuffled[c][round]);
  }
  const order = rng.permutation(chosen.length);
  return subsetDataset(data, Array.from(order, (k) => chosen[k]));
}
