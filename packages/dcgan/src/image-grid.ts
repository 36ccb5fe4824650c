/**
 * Images in [-1, 1] as one PNG: a grid of `columns` tiles with a 1-pixel gap, 8-bit grey or
 * RGB, encoded by pngjs. The same values give the same bytes (pngjs's deflate is deterministic).
 */
import { PNG } from 'pngjs';
import { ConfigError } from '@deeper/core';

/** Encodes `images` ([count, size, size, channels], values in [-1, 1]) as a PNG grid. */
export function imageGridPng(images: Float32Array, count: number, size: number, channels: number, columns = Math.ceil(Math.sqrt(count))): Buffer {
  if (channels !== 1 && channels !== 3) throw new ConfigError('imageGridPng', 'channels', '1 or 3', channels);
  if (images.length !== count * size * size * channels) {
    throw new ConfigError('imageGridPng', 'images', `${count}·${size}·${size}·${channels} = ${count * size * size * channels} values`, `${images.length} values`);
  }
  const rows = Math.ceil(count / columns);
  const gap = 1;
  const width = columns * (size + gap) + gap;
  const height = rows * (size + gap) + gap;
  const png = new PNG({ width, height, colorType: channels === 1 ? 0 : 2, inputColorType: 6, inputHasAlpha: true });
  png.data.fill(255);
  const byte = (v: number) => Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5);
  for (let i = 0; i < count; i++) {
    const x0 = gap + (i % columns) * (size + gap);
    const y0 = gap + Math.floor(i / columns) * (size + gap);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const src = ((i * size + y) * size + x) * channels;
        const dst = ((y0 + y) * width + x0 + x) * 4;
        for (let k = 0; k < 3; k++) png.data[dst + k] = byte(images[src + (channels === 1 ? 0 : k)]);
      }
    }
  }
  return PNG.sync.write(png, { colorType: channels === 1 ? 0 : 2, inputColorType: 6, inputHasAlpha: true });
}
