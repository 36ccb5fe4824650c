/**
 * PNG output of `RgbFrame`s (pngjs): `encodePng` for bytes, `writePng` for a file. Used to
 * look at single frames of an env (`render()`) and in tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PNG } from 'pngjs';
import type { RgbFrame } from '../env';
import { EnvOptionError } from '../errors';

/** Checks that `frame` is a well-formed RGB frame; returns it. */
export function checkFrame(who: string, frame: RgbFrame): RgbFrame {
  if (
    frame === null || typeof frame !== 'object' ||
    !Number.isInteger(frame.width) || !Number.isInteger(frame.height) || frame.width < 1 || frame.height < 1 ||
    !(frame.data instanceof Uint8Array) || frame.data.length !== frame.width * frame.height * 3
  ) {
    const shape = frame && typeof frame === 'object' ? `${frame.width}×${frame.height} with ${frame.data?.length} bytes` : String(frame);
    throw new EnvOptionError(`${who} expects an RgbFrame { width, height, data: Uint8Array(width·height·3) }, but received ${shape}`);
  }
  return frame;
}

/** The PNG file bytes of `frame` (8-bit RGB, no alpha). */
export function encodePng(frame: RgbFrame): Uint8Array {
  checkFrame('encodePng', frame);
  const png = new PNG({ width: frame.width, height: frame.height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
  return new Uint8Array(PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false }));
}

/** Writes `frame` as a PNG file at `path`, creating its folder. */
export function writePng(path: string, frame: RgbFrame): void {
  const bytes = encodePng(frame);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Reads a PNG file's bytes back into an RgbFrame (alpha dropped). */
export function decodePng(bytes: Uint8Array): RgbFrame {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const data = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    data[i] = png.data[j];
    data[i + 1] = png.data[j + 1];
    data[i + 2] = png.data[j + 2];
  }
  return { width: png.width, height: png.height, data };
}
