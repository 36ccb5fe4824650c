/**
 * The on-disk captioning format every `deeper vision caption` command reads:
 *
 *   DIR/images/*.png
 *   DIR/{train,test}.jsonl   one line per image: {"file": "x.png", "captions": ["…", …]}
 *
 * Generated shape scenes add `"scene"` (the facts, for truthfulness) and `"held_out"` to each
 * line; other readers ignore them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@deeper/core';
import { VisionDataError } from '../errors';
import type { Split } from './mnist-halves';
import { readImagePng, writePng } from './png-io';
import { shapeCanvas, type ShapeCaptionsData, type ShapeScene } from './shape-captions';

/** One line of a caption file. */
export interface CaptionEntry {
  file: string;
  captions: string[];
  /** The scene's facts, for generated shape scenes; null otherwise. */
  scene: ShapeScene | null;
}

/** Writes the images into `DIR/images/` and the lines into `DIR/<split>.jsonl`. */
export function writeCaptionFolder(dir: string, split: Split, data: ShapeCaptionsData): void {
  const side = shapeCanvas * shapeCanvas * 3;
  const lines = data.fileNames.map((file, i) => {
    writePng(join(dir, 'images', file), { width: shapeCanvas, height: shapeCanvas, channels: 3, data: data.images.subarray(i * side, (i + 1) * side) });
    return JSON.stringify({ file, captions: data.captions[i], scene: data.scenes[i].facts, held_out: data.scenes[i].heldOut });
  });
  writeFileAtomic(join(dir, `${split}.jsonl`), `${lines.join('\n')}\n`);
}

const who = 'readCaptionFile';

/** Reads and checks `DIR/<split>.jsonl` (not the images); each refusal names the line. */
export function readCaptionFile(dir: string, split: Split): CaptionEntry[] {
  const path = join(dir, `${split}.jsonl`);
  if (!existsSync(path)) throw new VisionDataError(who, path, null, 'JSON lines {"file", "captions"}', 'no such file', 'Generate a folder with `deeper vision data shape-captions`');
  const entries: CaptionEntry[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
    if (text.trim() === '') return;
    const entry = `line ${i + 1}`;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new VisionDataError(who, path, entry, 'a JSON object', `text that does not parse (${(error as Error).message})`);
    }
    if (line === null || typeof line !== 'object' || typeof line.file !== 'string' || line.file === '') throw new VisionDataError(who, path, entry, 'a "file" naming an image in images/', JSON.stringify(line?.file));
    if (!Array.isArray(line.captions) || line.captions.length === 0) throw new VisionDataError(who, path, entry, 'a non-empty "captions" array', JSON.stringify(line.captions));
    line.captions.forEach((caption, k) => {
      if (typeof caption !== 'string' || caption.trim() === '') throw new VisionDataError(who, path, `${entry}, caption ${k}`, 'a non-empty caption', JSON.stringify(caption));
    });
    const scene = Array.isArray(line.scene) ? { facts: line.scene as ShapeScene['facts'], heldOut: line.held_out === true } : null;
    entries.push({ file: line.file, captions: line.captions as string[], scene });
  });
  if (entries.length === 0) throw new VisionDataError(who, path, null, 'at least one line', 'an empty file');
  return entries;
}

/** The pixels of each entry's image, checked to share one size and channel count. */
export function readCaptionImages(dir: string, entries: readonly CaptionEntry[]): { images: Uint8Array; height: number; width: number; channels: 1 | 3 } {
  let images = new Uint8Array(0);
  let height = 0;
  let width = 0;
  let channels: 1 | 3 = 3;
  entries.forEach((e, i) => {
    const path = join(dir, 'images', e.file);
    const image = readImagePng(path);
    if (i === 0) {
      ({ height, width, channels } = image);
      images = new Uint8Array(entries.length * image.data.length);
    } else if (image.height !== height || image.width !== width || image.channels !== channels) {
      throw new VisionDataError('readCaptionImages', path, null, `a ${width}×${height} image with ${channels} channel(s), like ${entries[0].file}`, `${image.width}×${image.height} with ${image.channels}`);
    }
    images.set(image.data, i * image.data.length);
  });
  return { images, height, width, channels };
}
