/**
 * PNG files as plain pixel arrays (pngjs): 8-bit grey or RGB images, and index masks whose
 * pixel value is a class index, stored as 8-bit grey or as palette PNGs (the two forms
 * segmentation datasets use: Cityscapes-style grey label images, VOC-style palette images).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PNG } from 'pngjs';
import { VisionDataError } from '../errors';

/** An 8-bit image, row-major, channels interleaved. */
export interface PixelImage {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
  data: Uint8Array;
}

function readBytes(who: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new VisionDataError(who, path, null, 'a PNG file', `an error reading it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function decode(who: string, path: string, bytes: Buffer) {
  try {
    return PNG.sync.read(bytes);
  } catch (error) {
    throw new VisionDataError(who, path, null, 'a PNG image', `bytes pngjs cannot decode (${(error as Error).message})`);
  }
}

/** Reads a PNG as grey (grey or grey+alpha files) or RGB (all others); alpha is dropped. */
export function readImagePng(path: string): PixelImage {
  const png = decode('readImagePng', path, readBytes('readImagePng', path));
  const grey = png.colorType === 0 || png.colorType === 4;
  const channels = grey ? 1 : 3;
  const n = png.width * png.height;
  const data = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < channels; c++) data[i * channels + c] = png.data[i * 4 + c];
  }
  return { width: png.width, height: png.height, channels, data };
}

/** The colours of a palette PNG's PLTE chunk, as 0xRRGGBB, in index order. */
function paletteOf(bytes: Buffer): number[] {
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'PLTE') {
      const colours: number[] = [];
      for (let i = 0; i + 3 <= length; i += 3) colours.push((bytes[at + 8 + i] << 16) | (bytes[at + 9 + i] << 8) | bytes[at + 10 + i]);
      return colours;
    }
    at += 12 + length;
  }
  return [];
}

/**
 * Reads an index mask: the class index of every pixel. Grey files give the grey value;
 * palette files give the palette index (recovered from the colour, so the palette's
 * colours must be distinct). Any other colour type is refused.
 */
export function readIndexPng(path: string): { width: number; height: number; data: Uint8Array } {
  const who = 'readIndexPng';
  const bytes = readBytes(who, path);
  const png = decode(who, path, bytes);
  const n = png.width * png.height;
  const data = new Uint8Array(n);
  // pngjs's types leave out palette images (colour type 3), which it does decode.
  const colorType = png.colorType as number;
  if (colorType === 0 || colorType === 4) {
    for (let i = 0; i < n; i++) data[i] = png.data[i * 4];
  } else if (colorType === 3) {
    const palette = paletteOf(bytes);
    const index = new Map<number, number>();
    palette.forEach((colour, i) => {
      if (!index.has(colour)) index.set(colour, i);
      else throw new VisionDataError(who, path, `palette entry ${i}`, 'a palette of distinct colours (an index mask is read back through its colours)', `colour #${colour.toString(16).padStart(6, '0')} twice`);
    });
    for (let i = 0; i < n; i++) {
      const colour = (png.data[i * 4] << 16) | (png.data[i * 4 + 1] << 8) | png.data[i * 4 + 2];
      data[i] = index.get(colour) ?? 0;
    }
  } else {
    throw new VisionDataError(who, path, null, 'an index mask: an 8-bit grey or palette PNG whose pixel values are class indices', `a PNG of colour type ${colorType} (${colorType === 2 ? 'RGB' : 'RGBA'})`,
      'Save masks as 8-bit grey (value = class) or palette images');
  }
  return { width: png.width, height: png.height, data };
}

/** Encodes an 8-bit grey or RGB image as PNG bytes. */
export function encodePng(image: PixelImage): Buffer {
  const colorType = image.channels === 1 ? 0 : 2;
  const png = new PNG({ width: image.width, height: image.height, colorType, inputColorType: colorType, inputHasAlpha: false });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false });
}

/** Writes an 8-bit grey or RGB PNG, creating its folder. */
export function writePng(path: string, image: PixelImage): void {
  if (image.data.length !== image.width * image.height * image.channels) {
    throw new VisionDataError('writePng', path, null, `${image.width}×${image.height}×${image.channels} bytes`, `${image.data.length}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodePng(image));
}
