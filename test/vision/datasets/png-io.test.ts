import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readImagePng, readIndexPng, writePng } from '../../../packages/vision/src/datasets/png-io';

const dir = mkdtempSync(join(tmpdir(), 'vision-png-'));

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A hand-assembled 8-bit palette PNG (pngjs writes none), as VOC-style masks are. */
function palettePng(width: number, height: number, indices: number[], palette: number[][]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 3;
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = indices[y * width + x];
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('PLTE', Uint8Array.from(palette.flat())),
    chunk('IDAT', deflateSync(rows)), chunk('IEND', new Uint8Array(0)),
  ]);
}

const ReadIndexPng = suite('readIndexPng');

ReadIndexPng('grey masks give their values, palette masks their palette indices', () => {
  const grey = join(dir, 'grey.png');
  writePng(grey, { width: 3, height: 2, channels: 1, data: Uint8Array.from([0, 1, 2, 10, 0, 7]) });
  assert.equal(Array.from(readIndexPng(grey).data), [0, 1, 2, 10, 0, 7]);
  const palette = join(dir, 'palette.png');
  writeFileSync(palette, palettePng(3, 2, [0, 2, 1, 1, 0, 2], [[0, 0, 0], [128, 0, 0], [0, 128, 0]]));
  const mask = readIndexPng(palette);
  assert.equal([mask.width, mask.height], [3, 2]);
  assert.equal(Array.from(mask.data), [0, 2, 1, 1, 0, 2]);
});

ReadIndexPng('refuses an RGB mask, a palette with repeated colours and a missing file, naming the file', () => {
  const rgb = join(dir, 'rgb.png');
  writePng(rgb, { width: 1, height: 1, channels: 3, data: Uint8Array.from([1, 2, 3]) });
  assert.throws(() => readIndexPng(rgb), (e: Error) => e.message.includes(rgb) && /8-bit grey or palette PNG.*colour type 2 \(RGB\)/.test(e.message));
  const twice = join(dir, 'twice.png');
  writeFileSync(twice, palettePng(1, 1, [0], [[5, 5, 5], [5, 5, 5]]));
  assert.throws(() => readIndexPng(twice), /palette entry 1.*distinct colours.*#050505 twice/);
  assert.throws(() => readIndexPng(join(dir, 'none.png')), /none\.png to hold a PNG file, but received an error reading it \(ENOENT\)/);
});

const ReadImagePng = suite('readImagePng');

ReadImagePng('grey and RGB images round-trip through writePng', () => {
  const grey = { width: 2, height: 2, channels: 1 as const, data: Uint8Array.from([0, 64, 128, 255]) };
  const rgb = { width: 2, height: 1, channels: 3 as const, data: Uint8Array.from([1, 2, 3, 250, 251, 252]) };
  writePng(join(dir, 'g.png'), grey);
  writePng(join(dir, 'c.png'), rgb);
  assert.equal(readImagePng(join(dir, 'g.png')), grey);
  assert.equal(readImagePng(join(dir, 'c.png')), rgb);
  assert.throws(() => writePng(join(dir, 'bad.png'), { ...grey, data: new Uint8Array(3) }), /2×2×1 bytes, but received 3/);
});

ReadIndexPng.run();
ReadImagePng.run();
rmSync(dir, { recursive: true, force: true });
