import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runStyle } from '../../../experiments/src/commands/vision-style';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { writePng } from '../../../packages/vision/src/datasets/png-io';

await selectBackend('wasm', { quiet: true, threads: 1 });

const dir = mkdtempSync(join(tmpdir(), 'vision-style-cmd-'));
const content = join(dir, 'content.png');
const style = join(dir, 'style.png');
const grey = join(dir, 'grey.png');
writePng(content, { width: 20, height: 12, channels: 3, data: Uint8Array.from({ length: 20 * 12 * 3 }, (_, i) => (Math.floor(i / 3) % 20 < 10 ? 30 : 220)) });
writePng(style, { width: 16, height: 16, channels: 3, data: Uint8Array.from({ length: 16 * 16 * 3 }, (_, i) => ((Math.floor(i / 3) + (i % 3)) % 4 < 2 ? 250 : 10)) });
writePng(grey, { width: 16, height: 16, channels: 1, data: new Uint8Array(256) });

const options = { content, style, steps: 4, size: 16, seed: 3, optimizer: 'adam' as const, features: 'random', every: 2 };

const RunStyle = suite('runStyle');

RunStyle('writes the image, intermediate images and loss curves; the same arguments give the same bytes; a second network measures the result', async () => {
  const a = await runStyle({ ...options, out: join(dir, 'a.png') });
  await runStyle({ ...options, out: join(dir, 'b.png') });
  assert.equal(readFileSync(join(dir, 'a.png')), readFileSync(join(dir, 'b.png')));
  for (const file of ['a.steps/step-00002.png', 'a.steps/step-00004.png', 'a.losses.svg']) assert.ok(existsSync(join(dir, file)), file);
  assert.ok(readFileSync(join(dir, 'a.losses.svg'), 'utf8').startsWith('<svg'));
  assert.is(a.check.contentImage.content, 0);
  assert.ok(Number.isFinite(a.check.result.style) && Number.isFinite(a.final.loss));
});

RunStyle('refuses a style image of another channel count, naming both files', async () => {
  let error: unknown = null;
  try {
    await runStyle({ ...options, style: grey, out: join(dir, 'c.png') });
  } catch (e) {
    error = e;
  }
  assert.match(String(error), /deeper vision style expects --style to be an image with 3 channel\(s\), like the content image .*content\.png, but received ".*grey\.png with 1"/);
});

RunStyle.run();
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
