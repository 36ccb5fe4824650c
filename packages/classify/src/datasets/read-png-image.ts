/**
 * One PNG file as pixels in [0, 1], grey or RGB, through pngjs (which decodes every PNG
 * colour type and bit depth to 8-bit RGBA). Transparent pixels are composited over black,
 * the background of MNIST-style images.
 */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { DatasetError } from './dataset-error';

export interface PngImage {
  width: number;
  height: number;
  /** 1 when every pixel is grey (R = G = B), else 3. */
  channels: 1 | 3;
  /** height × width × channels values in [0, 1], channels last. */
  pixels: Float32Array;
}

/** Decodes `bytes`; `source` names the file in errors. */
export function decodePngImage(bytes: Uint8Array, source = 'PNG data'): PngImage {
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new DatasetError('readPngImage', `a PNG image in ${source}`, `bytes that do not decode (${(error as Error).message})`);
  }
  const { width, height, data } = png;
  let grey = true;
  for (let i = 0; i < data.length && grey; i += 4) grey = data[i] === data[i + 1] && data[i] === data[i + 2];
  const channels = grey ? 1 : 3;
  const pixels = new Float32Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const alpha = data[p * 4 + 3] / 255;
    for (let ch = 0; ch < channels; ch++) pixels[p * channels + ch] = (data[p * 4 + ch] / 255) * alpha;
  }
  return { width, height, channels, pixels };
}

export function readPngImage(path: string): PngImage {
  return decodePngImage(readFileSync(path), path);
}

/**
 * `image` with `channels` channels: grey repeated into R, G, B, or RGB to grey by the
 * luma weights of ITU-R BT.601 (0.299 R + 0.587 G + 0.114 B, what PIL's convert('L') uses).
 */
export function toChannels(image: PngImage, channels: 1 | 3): PngImage {
  if (image.channels === channels) return image;
  const n = image.width * image.height;
  const pixels = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) {
    if (channels === 3) pixels.fill(image.pixels[p], p * 3, p * 3 + 3);
    else pixels[p] = 0.299 * image.pixels[p * 3] + 0.587 * image.pixels[p * 3 + 1] + 0.114 * image.pixels[p * 3 + 2];
  }
  return { ...image, channels, pixels };
}
