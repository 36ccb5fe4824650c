/**
 * Animated GIF output of `RgbFrame`s (gifenc). `GifWriter` encodes frame by frame, so an
 * episode of thousands of frames never sits in memory as RGB; `encodeGif` and `writeGif`
 * wrap it for a list of frames.
 *
 * Palettes: each frame gets its own exact colour table when it has at most 256 colours —
 * always the case for the MinAtar renderer, which uses a dozen — so nothing is dithered or
 * shifted. A frame with more colours is quantised to 256 by gifenc's PnnQuant.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import gifenc, { type Encoder, type Palette } from 'gifenc';
import type { RgbFrame } from '../env';
import { EnvOptionError } from '../errors';
import { checkEnvInteger, checkEnvNumber, resolveEnvOptions } from '../registry/env-options';
import { checkFrame } from './png';

export interface GifConfig {
  /** Playback speed in frames per second; default 10 (GIF stores delays in 1/100 s, so up to 100). */
  fps: number;
  /** How many times the animation repeats: 0 loops forever (default), -1 plays once. */
  repeat: number;
}

export const gifDefaults: GifConfig = { fps: 10, repeat: 0 };

export function resolveGifConfig(partial: Partial<GifConfig> = {}): GifConfig {
  const config = resolveEnvOptions('GifWriter', gifDefaults, partial);
  checkEnvNumber('GifWriter', 'fps', config.fps, 0.01, 100);
  checkEnvInteger('GifWriter', 'repeat', config.repeat, -1, 65535);
  return config;
}

export class GifWriter {
  readonly config: GifConfig;
  private readonly encoder: Encoder = gifenc.GIFEncoder();
  private width = 0;
  private height = 0;
  private count = 0;
  private done: Uint8Array | undefined;
  private readonly colorIndex = new Map<number, number>();

  constructor(config: Partial<GifConfig> = {}) {
    this.config = resolveGifConfig(config);
  }

  /** Frames added so far. */
  get frameCount(): number {
    return this.count;
  }

  /** Encodes one more frame; every frame must have the first one's size. */
  addFrame(frame: RgbFrame): void {
    checkFrame('GifWriter.addFrame', frame);
    if (this.done) throw new EnvOptionError('GifWriter.addFrame expects an unfinished GIF, but received a frame after finish(); start a new GifWriter');
    if (this.count === 0) {
      this.width = frame.width;
      this.height = frame.height;
    } else if (frame.width !== this.width || frame.height !== this.height) {
      throw new EnvOptionError(`GifWriter.addFrame expects every frame to be ${this.width}×${this.height} like the first, but received ${frame.width}×${frame.height}`);
    }
    const { index, palette } = this.palettize(frame);
    this.encoder.writeFrame(index, frame.width, frame.height, {
      palette,
      delay: 1000 / this.config.fps,
      repeat: this.config.repeat,
    });
    this.count++;
  }

  /** Ends the GIF and returns its bytes; later calls return the same bytes. */
  finish(): Uint8Array {
    if (this.count === 0) throw new EnvOptionError('GifWriter.finish expects at least one frame, but received none; add frames with addFrame()');
    if (!this.done) {
      this.encoder.finish();
      this.done = this.encoder.bytes();
    }
    return this.done;
  }

  private palettize(frame: RgbFrame): { index: Uint8Array; palette: Palette } {
    const { data } = frame;
    const pixels = frame.width * frame.height;
    const index = new Uint8Array(pixels);
    const colors = this.colorIndex;
    colors.clear();
    const palette: Palette = [];
    for (let p = 0, i = 0; p < pixels; p++, i += 3) {
      const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      let k = colors.get(key);
      if (k === undefined) {
        if (palette.length === 256) return quantized(frame);
        k = palette.length;
        colors.set(key, k);
        palette.push([data[i], data[i + 1], data[i + 2]]);
      }
      index[p] = k;
    }
    return { index, palette };
  }
}

function quantized(frame: RgbFrame): { index: Uint8Array; palette: Palette } {
  const pixels = frame.width * frame.height;
  const rgba = new Uint8Array(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    rgba[p * 4] = frame.data[p * 3];
    rgba[p * 4 + 1] = frame.data[p * 3 + 1];
    rgba[p * 4 + 2] = frame.data[p * 3 + 2];
    rgba[p * 4 + 3] = 255;
  }
  const palette = gifenc.quantize(rgba, 256);
  return { index: gifenc.applyPalette(rgba, palette), palette };
}

/** The GIF bytes of `frames`, played at `config.fps`. */
export function encodeGif(frames: readonly RgbFrame[], config: Partial<GifConfig> = {}): Uint8Array {
  const writer = new GifWriter(config);
  for (const frame of frames) writer.addFrame(frame);
  return writer.finish();
}

/** Writes `frames` as an animated GIF at `path`, creating its folder. */
export function writeGif(path: string, frames: readonly RgbFrame[], config: Partial<GifConfig> = {}): void {
  const bytes = encodeGif(frames, config);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}
