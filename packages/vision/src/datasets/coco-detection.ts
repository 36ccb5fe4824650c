/**
 * The on-disk detection format every `deeper vision detect` command reads: COCO's object
 * annotations (Lin et al. 2014; cocodataset.org "Data format"), restricted to boxes:
 *
 *   DIR/images/*.png
 *   DIR/{train,test}.json   { "images": [{ "id", "file_name", "width", "height" }],
 *                             "annotations": [{ "id", "image_id", "bbox": [x, y, w, h], "category_id", "area", "iscrowd" }],
 *                             "categories": [{ "id", "name" }] }
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@deeper/core';
import { VisionDataError } from '../errors';
import type { Box } from './box';
import type { DetectionData, DetectionObject } from './detection-data';
import type { Split } from './mnist-halves';
import { readImagePng, writePng } from './png-io';

const who = 'readCocoDetection';

/** Writes `data`'s images into `DIR/images/` and its annotations as `DIR/<split>.json`. */
export function writeCocoDetection(dir: string, split: Split, data: DetectionData): void {
  const pixels = data.height * data.width * data.channels;
  const images = data.fileNames.map((file_name, i) => ({ id: i + 1, file_name, width: data.width, height: data.height }));
  let id = 1;
  const annotations = data.objects.flatMap((objects, i) => objects.map((o) => ({ id: id++, image_id: i + 1, bbox: o.bbox, category_id: o.categoryId, area: o.bbox[2] * o.bbox[3], iscrowd: 0 })));
  data.fileNames.forEach((file, i) => writePng(join(dir, 'images', file), { width: data.width, height: data.height, channels: data.channels, data: data.images.subarray(i * pixels, (i + 1) * pixels) }));
  writeFileAtomic(join(dir, `${split}.json`), `${JSON.stringify({ images, annotations, categories: data.categories })}\n`);
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * Reads `DIR/<split>.json` and its images. Refuses, naming the file and entry: a box outside
 * its image or of non-positive size, an unknown category or image id, a missing image, an
 * image whose size differs from its record or from the first image.
 */
export function readCocoDetection(dir: string, split: Split, limit: number | null = null): DetectionData {
  const path = join(dir, `${split}.json`);
  if (!existsSync(path)) throw new VisionDataError(who, path, null, 'COCO-style annotations', 'no such file', 'Generate a folder with `deeper vision data mnist-detection`');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new VisionDataError(who, path, null, 'JSON', `text that does not parse (${(error as Error).message})`);
  }
  if (!isObject(json) || !Array.isArray(json.images) || !Array.isArray(json.annotations) || !Array.isArray(json.categories)) {
    throw new VisionDataError(who, path, null, 'an object with arrays "images", "annotations" and "categories"', JSON.stringify(json).slice(0, 120));
  }
  const categories = json.categories.map((cat, i) => {
    if (!isObject(cat) || !Number.isInteger(cat.id) || typeof cat.name !== 'string') throw new VisionDataError(who, path, `categories[${i}]`, '{ "id": integer, "name": string }', JSON.stringify(cat));
    return { id: cat.id as number, name: cat.name };
  });
  const categoryIds = new Set(categories.map((cat) => cat.id));
  let records = json.images.map((image, i) => {
    if (!isObject(image) || !Number.isInteger(image.id) || typeof image.file_name !== 'string' || !Number.isInteger(image.width) || !Number.isInteger(image.height)) {
      throw new VisionDataError(who, path, `images[${i}]`, '{ "id", "file_name", "width", "height" }', JSON.stringify(image));
    }
    return { id: image.id as number, fileName: image.file_name, width: image.width as number, height: image.height as number };
  });
  if (records.length === 0) throw new VisionDataError(who, path, 'images', 'at least one image', 'an empty array');
  if (limit !== null) records = records.slice(0, limit);
  const position = new Map(records.map((r, i) => [r.id, i]));
  const allIds = new Set(json.images.map((image) => (image as Record<string, unknown>).id));
  const objects: DetectionObject[][] = records.map(() => []);
  json.annotations.forEach((a, i) => {
    const entry = `annotations[${i}]${isObject(a) && a.id !== undefined ? ` (id ${JSON.stringify(a.id)})` : ''}`;
    if (!isObject(a)) throw new VisionDataError(who, path, entry, 'an object', JSON.stringify(a));
    if (!allIds.has(a.image_id)) throw new VisionDataError(who, path, entry, 'an image_id listed in "images"', JSON.stringify(a.image_id));
    if (!categoryIds.has(a.category_id as number)) throw new VisionDataError(who, path, entry, `a category_id among ${[...categoryIds].join(', ')}`, JSON.stringify(a.category_id));
    const bbox = a.bbox;
    if (!Array.isArray(bbox) || bbox.length !== 4 || bbox.some((v) => typeof v !== 'number' || !Number.isFinite(v)) || bbox[2] <= 0 || bbox[3] <= 0) {
      throw new VisionDataError(who, path, entry, 'a bbox [x, y, w, h] of finite numbers with w, h > 0', JSON.stringify(bbox));
    }
    const index = position.get(a.image_id as number);
    if (index === undefined) return;
    const r = records[index];
    const [x, y, w, h] = bbox as Box;
    if (x < 0 || y < 0 || x + w > r.width || y + h > r.height) {
      throw new VisionDataError(who, path, entry, `a bbox inside its ${r.width}×${r.height} image ${r.fileName}`, JSON.stringify(bbox));
    }
    objects[index].push({ bbox: [x, y, w, h], categoryId: a.category_id as number });
  });
  const first = records[0];
  let channels: 1 | 3 = 1;
  let images = new Uint8Array(0);
  records.forEach((r, i) => {
    const imagePath = join(dir, 'images', r.fileName);
    const image = readImagePng(imagePath);
    if (image.width !== r.width || image.height !== r.height) throw new VisionDataError(who, path, `images[${i}] (${r.fileName})`, `the size of ${imagePath}`, `${r.width}×${r.height} where the file is ${image.width}×${image.height}`);
    if (i === 0) {
      channels = image.channels;
      images = new Uint8Array(records.length * r.width * r.height * channels);
    } else if (image.width !== first.width || image.height !== first.height || image.channels !== channels) {
      throw new VisionDataError(who, imagePath, null, `a ${first.width}×${first.height} image with ${channels} channel(s), like ${first.fileName}`, `${image.width}×${image.height} with ${image.channels}`);
    }
    images.set(image.data, i * image.data.length);
  });
  return { images, objects, count: records.length, height: first.height, width: first.width, channels, categories, fileNames: records.map((r) => r.fileName) };
}
