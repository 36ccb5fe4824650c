import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GifWriter, encodeGif, writeGif, resolveGifConfig, gifDefaults } from '../../../envs/src/render/gif';
import { gifInfo } from '../../../envs/src/render/gif-info';
import type { RgbFrame } from '../../../envs/src/env';
import { EnvOptionError } from '../../../envs/src/errors';

function solid(width: number, height: number, rgb: [number, number, number]): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

/** A frame with `n` distinct colours, one per pixel. */
function rainbow(n: number): RgbFrame {
  const data = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) data.set([p & 255, (p * 7) & 255, p >> 8], p * 3);
  return { width: n, height: 1, data };
}

const G = suite('GifWriter');

G('writes a GIF89a with one image per frame, the fps as delay and an endless loop', () => {
  const bytes = encodeGif([solid(4, 3, [255, 0, 0]), solid(4, 3, [0, 255, 0]), solid(4, 3, [0, 0, 255])], { fps: 20 });
  assert.equal(String.fromCharCode(...bytes.subarray(0, 6)), 'GIF89a');
  const info = gifInfo(bytes);
  assert.is(info.width, 4);
  assert.is(info.height, 3);
  assert.is(info.frames, 3);
  assert.equal(info.delays, [5, 5, 5], '20 fps = 5/100 s');
  assert.is(info.loopCount, 0);
  assert.is(bytes[bytes.length - 1], 0x3b, 'ends with the trailer');
});

G('keeps exact colours: each frame gets its own palette', () => {
  const writer = new GifWriter();
  writer.addFrame(solid(2, 2, [12, 34, 56]));
  const bytes = writer.finish();
  // Global colour table right after the 13-byte header: the frame's only colour comes first.
  assert.equal([...bytes.subarray(13, 16)], [12, 34, 56]);
  assert.is(writer.frameCount, 1);
  assert.is(writer.finish(), bytes, 'finish is idempotent');
});

G('frames with more than 256 colours are quantised, not refused', () => {
  const bytes = encodeGif([rainbow(300), rainbow(300)]);
  assert.is(gifInfo(bytes).frames, 2);
});

G('refuses frames of another size, frames after finish and empty GIFs', () => {
  const writer = new GifWriter();
  writer.addFrame(solid(2, 2, [0, 0, 0]));
  assert.throws(() => writer.addFrame(solid(3, 2, [0, 0, 0])), (e: Error) => e instanceof EnvOptionError && /2×2/.test(e.message));
  writer.finish();
  assert.throws(() => writer.addFrame(solid(2, 2, [0, 0, 0])), (e: Error) => e instanceof EnvOptionError && /after finish/.test(e.message));
  assert.throws(() => new GifWriter().finish(), (e: Error) => e instanceof EnvOptionError && /at least one frame/.test(e.message));
  assert.throws(() => writer.addFrame({ width: 2, height: 2, data: new Uint8Array(5) }), (e: Error) => e instanceof EnvOptionError);
});

G.run();

const C = suite('resolveGifConfig');

C('defaults to 10 fps looping forever; refuses out-of-range values', () => {
  assert.equal(resolveGifConfig(), gifDefaults);
  assert.equal(gifDefaults, { fps: 10, repeat: 0 });
  assert.throws(() => resolveGifConfig({ fps: 0 }), (e: Error) => e instanceof EnvOptionError && /fps/.test(e.message));
  assert.throws(() => resolveGifConfig({ repeat: -2 }), (e: Error) => e instanceof EnvOptionError);
  const once = gifInfo(encodeGif([solid(1, 1, [0, 0, 0])], { repeat: -1 }));
  assert.is(once.loopCount, undefined, 'repeat -1 writes no loop extension');
});

C.run();

const W = suite('writeGif');

W('writes the file, creating its folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-gif-'));
  try {
    const path = join(dir, 'sub', 'a.gif');
    writeGif(path, [solid(3, 3, [1, 2, 3]), solid(3, 3, [3, 2, 1])]);
    assert.is(gifInfo(readFileSync(path)).frames, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

W.run();
