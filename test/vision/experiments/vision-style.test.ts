import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runStyle } from '../../../experiments/src/commands/vision-style';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { writePng } from '../../../packages/vision/src/datasets/png-io';
import { generateM2nist } from '../../../packages/vision/src/datasets/m2nist';
import { fcn8s } from '../../../packages/vision/src/segment/fcn8s';
import { trainSegmentation } from '../../../packages/vision/src/segment/train-segmentation';
import { lastValueFrom } from 'rxjs';

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

RunStyle('--features RUN: the VGG stages of a segmentation run we trained give the features (grey images); a colour image is refused naming the run', async () => {
  const run = join(dir, 'fcn-run');
  const train = generateM2nist({ count: 4, seed: 1 });
  const model = fcn8s({ classes: train.classNames.length, inputShape: [train.height, train.width, 1], filters: [4, 4, 4, 4, 4], fcFilters: 8, convsPerStage: 1 });
  await lastValueFrom(trainSegmentation(model, { train }, { epochs: 1, batchSize: 2, runDir: run }), { defaultValue: null });
  model.dispose();
  const greyContent = join(dir, 'grey-content.png');
  writePng(greyContent, { width: train.width, height: train.height, channels: 1, data: train.images.subarray(0, train.width * train.height) });
  const greyStyle = join(dir, 'grey-style.png');
  writePng(greyStyle, { width: 16, height: 16, channels: 1, data: Uint8Array.from({ length: 256 }, (_, i) => ((i + Math.floor(i / 16)) % 4 < 2 ? 240 : 10)) });
  const r = await runStyle({ ...options, content: greyContent, style: greyStyle, features: run, out: join(dir, 'trained.png') });
  assert.ok(existsSync(join(dir, 'trained.png')));
  assert.ok(Number.isFinite(r.final.loss) && r.final.loss > 0, JSON.stringify(r.final));
  let error: unknown = null;
  try {
    await runStyle({ ...options, features: run, out: join(dir, 'colour.png') });
  } catch (e) {
    error = e;
  }
  assert.match(String(error), /deeper vision style expects --content to be an image with the 1 channel\(s\) the network of .*fcn-run was trained on, but received "one with 3"/);
});

RunStyle.run();
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
