/** Tiny datasets written to disk by the tests themselves: IDX pairs, CIFAR-10 batches, PNG class folders. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePngImage } from '../../../packages/classify/src/datasets/write-png-image';

/** An IDX file of unsigned bytes with `shape`. */
export function idxBytes(shape: number[], values: ArrayLike<number>): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header.set([0, 0, 0x08, shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + values.length);
  out.set(header);
  out.set(Uint8Array.from(values), header.length);
  return out;
}

/** `count` h×w images whose pixel (y, x) of image i is (i·7 + y·w + x) mod 256, labels i mod classes. */
export function writeIdxPair(dir: string, prefix: string, count: number, h: number, w: number, classes: number): { pixels: Uint8Array; labels: Uint8Array } {
  mkdirSync(dir, { recursive: true });
  const pixels = Uint8Array.from({ length: count * h * w }, (_, k) => (Math.floor(k / (h * w)) * 7 + (k % (h * w))) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  writeFileSync(join(dir, `${prefix}-images-idx3-ubyte`), idxBytes([count, h, w], pixels));
  writeFileSync(join(dir, `${prefix}-labels-idx1-ubyte`), idxBytes([count], labels));
  return { pixels, labels };
}

/** A CIFAR-10 binary batch of `count` records: label i mod 10, red plane i, green 100 + i, blue 200 + i (bytes). */
export function cifarBatch(count: number, offset = 0): Uint8Array {
  const record = 1 + 3 * 1024;
  const bytes = new Uint8Array(count * record);
  for (let i = 0; i < count; i++) {
    const k = i + offset;
    bytes[i * record] = k % 10;
    for (let ch = 0; ch < 3; ch++) bytes.fill((ch * 100 + k) % 256, i * record + 1 + ch * 1024, i * record + 1 + (ch + 1) * 1024);
  }
  return bytes;
}

/** Writes a PNG of `width`×`height` RGBA pixels from `rgba(x, y)` (bytes; alpha default 255). */
export function writePngFile(path: string, width: number, height: number, rgba: (x: number, y: number) => [number, number, number, number?]): void {
  const bytes = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a = 255] = rgba(x, y);
      bytes.set([r, g, b, a], (y * width + x) * 4);
    }
  }
  writePngImage(path, bytes, height, width, 4);
}

/** A folder of class folders, `perClass` PNGs each; class c's images are grey level 40·(c + 1) (or a colour when rgb). */
export function writeImageFolder(dir: string, classes: string[], perClass: number, side = 8, rgb = false): void {
  classes.forEach((name, c) => {
    for (let i = 0; i < perClass; i++) {
      const level = 40 * (c + 1);
      writePngFile(join(dir, name, `${String(i).padStart(3, '0')}.png`), side, side, () => (rgb ? [level, 255 - level, i, 255] : [level, level, level, 255]));
    }
  });
}
