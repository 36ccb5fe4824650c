import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readPngImage, toChannels } from '../../../packages/classify/src/datasets/read-png-image';
import { writePngFile } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'deeper-png-'));

const Read = suite('readPngImage');

Read('grey when R = G = B everywhere, RGB otherwise; alpha over black', () => {
  writePngFile(join(dir, 'grey.png'), 3, 2, (x) => [x * 100, x * 100, x * 100]);
  const grey = readPngImage(join(dir, 'grey.png'));
  assert.is(grey.channels, 1);
  assert.equal(Array.from(grey.pixels).map((v) => Math.round(v * 255)), [0, 100, 200, 0, 100, 200]);
  writePngFile(join(dir, 'rgb.png'), 1, 1, () => [255, 0, 0, 51]);
  const rgb = readPngImage(join(dir, 'rgb.png'));
  assert.is(rgb.channels, 3);
  assert.equal(Array.from(rgb.pixels).map((v) => Math.round(v * 255)), [51, 0, 0]);
  writeFileSync(join(dir, 'bad.png'), 'not a png');
  assert.throws(() => readPngImage(join(dir, 'bad.png')), /a PNG image in .*bad\.png/);
});

Read.after(() => rmSync(dir, { recursive: true, force: true }));
Read.run();

const ToChannels = suite('toChannels');

ToChannels('grey to RGB repeats; RGB to grey weighs by luma', () => {
  const grey = { width: 1, height: 1, channels: 1 as const, pixels: new Float32Array([0.5]) };
  assert.equal(Array.from(toChannels(grey, 3).pixels), [0.5, 0.5, 0.5]);
  const rgb = { width: 1, height: 1, channels: 3 as const, pixels: new Float32Array([1, 0, 0]) };
  assert.ok(Math.abs(toChannels(rgb, 1).pixels[0] - 0.299) < 1e-6);
});

ToChannels.run();
