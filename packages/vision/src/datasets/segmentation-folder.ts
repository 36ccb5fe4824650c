/**
 * The on-disk segmentation format every `deeper vision segment` command reads, so that users
 * bring their own data the same way:
 *
 *   DIR/classes.json                 ["background", "cat", …]   (index 0 the background)
 *   DIR/{train,test}/images/*.png    8-bit grey or RGB images
 *   DIR/{train,test}/masks/*.png     index masks of the same names: 8-bit grey or palette
 *                                    PNGs whose pixel value is the class index
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@deeper/core';
import { VisionDataError } from '../errors';
import { readImagePng, readIndexPng, writePng } from './png-io';
import type { Split } from './mnist-halves';
import type { SegmentationData } from './segmentation-data';

const who = 'readSegmentationFolder';

/** Reads `DIR/classes.json`: a non-empty array of distinct non-empty strings. */
export function readClassNames(dir: string): string[] {
  const path = join(dir, 'classes.json');
  if (!existsSync(path)) throw new VisionDataError(who, path, null, 'a JSON array of class names (index 0 the background)', 'no such file', 'Generate a folder with `deeper vision data m2nist` or write classes.json beside train/ and test/');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new VisionDataError(who, path, null, 'JSON', `text that does not parse (${(error as Error).message})`);
  }
  if (!Array.isArray(json) || json.length < 2) throw new VisionDataError(who, path, null, 'an array of at least two class names (the background and one class)', JSON.stringify(json).slice(0, 200));
  json.forEach((name, i) => {
    if (typeof name !== 'string' || name === '') throw new VisionDataError(who, path, `entry ${i}`, 'a non-empty string', JSON.stringify(name));
  });
  return json as string[];
}

/** Writes `data` as `DIR/<split>/{images,masks}/<name>.png` (grey masks) and `DIR/classes.json`. */
export function writeSegmentationFolder(dir: string, split: Split, data: SegmentationData): void {
  const pixels = data.height * data.width;
  for (let i = 0; i < data.count; i++) {
    const name = `${data.names[i]}.png`;
    writePng(join(dir, split, 'images', name), { width: data.width, height: data.height, channels: data.channels, data: data.images.subarray(i * pixels * data.channels, (i + 1) * pixels * data.channels) });
    writePng(join(dir, split, 'masks', name), { width: data.width, height: data.height, channels: 1, data: data.masks.subarray(i * pixels, (i + 1) * pixels) });
  }
  writeFileAtomic(join(dir, 'classes.json'), `${JSON.stringify(data.classNames)}\n`);
}

/**
 * Reads split `split` of a segmentation folder. Every image needs a mask of the same name and
 * size, every mask value must name a class, and all images must share one size and channel
 * count; each refusal names the file.
 */
export function readSegmentationFolder(dir: string, split: Split, limit: number | null = null): SegmentationData {
  const classNames = readClassNames(dir);
  const imagesDir = join(dir, split, 'images');
  const masksDir = join(dir, split, 'masks');
  if (!existsSync(imagesDir)) throw new VisionDataError(who, imagesDir, null, 'a folder of PNG images', 'no such folder');
  let files = readdirSync(imagesDir).filter((f) => f.toLowerCase().endsWith('.png')).sort();
  if (files.length === 0) throw new VisionDataError(who, imagesDir, null, 'at least one .png image', 'none');
  if (limit !== null) files = files.slice(0, limit);
  let height = 0;
  let width = 0;
  let channels: 1 | 3 = 1;
  let images = new Uint8Array(0);
  let masks = new Uint8Array(0);
  files.forEach((file, i) => {
    const imagePath = join(imagesDir, file);
    const maskPath = join(masksDir, file);
    const image = readImagePng(imagePath);
    if (i === 0) {
      ({ height, width, channels } = image);
      images = new Uint8Array(files.length * height * width * channels);
      masks = new Uint8Array(files.length * height * width);
    } else if (image.height !== height || image.width !== width || image.channels !== channels) {
      throw new VisionDataError(who, imagePath, null, `a ${width}×${height} image with ${channels} channel(s), like ${files[0]}`, `${image.width}×${image.height} with ${image.channels}`, 'Resize the images to one size');
    }
    if (!existsSync(maskPath)) throw new VisionDataError(who, maskPath, null, `the index mask of ${imagePath}`, 'no such file', 'Every image needs a mask of the same name in masks/');
    const mask = readIndexPng(maskPath);
    if (mask.width !== image.width || mask.height !== image.height) {
      throw new VisionDataError(who, maskPath, null, `a mask of its image's size ${image.width}×${image.height}`, `${mask.width}×${mask.height}`);
    }
    for (let p = 0; p < mask.data.length; p++) {
      if (mask.data[p] >= classNames.length) {
        throw new VisionDataError(who, maskPath, `pixel (${p % mask.width}, ${Math.floor(p / mask.width)})`, `a class index below ${classNames.length} (classes.json)`, String(mask.data[p]));
      }
    }
    images.set(image.data, i * height * width * channels);
    masks.set(mask.data, i * height * width);
  });
  return { images, masks, count: files.length, height, width, channels, classNames, names: files.map((f) => f.replace(/\.png$/i, '')) };
}
