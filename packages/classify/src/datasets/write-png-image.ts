/** Writes pixels in [0, 1] (grey or RGB, channels last) as an 8-bit RGBA PNG through pngjs. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PNG } from 'pngjs';
import { DatasetError } from './dataset-error';

export function encodePngImage(pixels: Float32Array | Uint8Array, height: number, width: number, channels: number): Uint8Array {
  if (channels !== 1 && channels !== 3 && channels !== 4) throw new DatasetError('encodePngImage', 'channels 1, 3 or 4', String(channels));
  if (pixels.length !== height * width * channels) {
    throw new DatasetError('encodePngImage', `${height}×${width}×${channels} = ${height * width * channels} values`, `${pixels.length}`);
  }
  // Float pixels are in [0, 1]; bytes are taken as they are.
  const byte = pixels instanceof Uint8Array ? (v: number) => v : (v: number) => Math.round(255 * Math.min(1, Math.max(0, v)));
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) {
    for (let ch = 0; ch < 3; ch++) png.data[p * 4 + ch] = byte(pixels[p * channels + (channels === 1 ? 0 : ch)]);
    png.data[p * 4 + 3] = channels === 4 ? byte(pixels[p * 4 + 3]) : 255;
  }
  return PNG.sync.write(png);
}

export function writePngImage(path: string, pixels: Float32Array | Uint8Array, height: number, width: number, channels: number): void {
  const bytes = encodePngImage(pixels, height, width, channels);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}
