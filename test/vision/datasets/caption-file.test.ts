import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readCaptionFile, readCaptionImages, writeCaptionFolder } from '../../../packages/vision/src/datasets/caption-file';
import { generateShapeCaptions } from '../../../packages/vision/src/datasets/shape-captions';

const root = mkdtempSync(join(tmpdir(), 'vision-cap-'));

const ReadCaptionFile = suite('readCaptionFile');

ReadCaptionFile('what writeCaptionFolder writes reads back: captions, scenes, images', () => {
  const data = generateShapeCaptions({ count: 6, seed: 3, split: 'test' });
  writeCaptionFolder(root, 'test', data);
  const entries = readCaptionFile(root, 'test');
  assert.equal(entries.map((e) => e.file), data.fileNames);
  assert.equal(entries.map((e) => e.captions), data.captions);
  assert.equal(entries.map((e) => e.scene), data.scenes);
  const images = readCaptionImages(root, entries);
  assert.equal(images.images, data.images);
  assert.equal([images.height, images.width, images.channels], [64, 64, 3]);
});

ReadCaptionFile('refuses an empty caption, a line without captions and a missing file, naming the line', () => {
  const path = join(root, 'train.jsonl');
  writeFileSync(path, '{"file":"a.png","captions":["a red circle"]}\n{"file":"b.png","captions":["ok", "  "]}\n');
  assert.throws(() => readCaptionFile(root, 'train'), (e: Error) => e.message.includes(path) && /\(line 2, caption 1\) to hold a non-empty caption, but received "  "/.test(e.message));
  writeFileSync(path, '{"file":"a.png","captions":[]}\n');
  assert.throws(() => readCaptionFile(root, 'train'), /\(line 1\) to hold a non-empty "captions" array, but received \[\]/);
  writeFileSync(path, '{"file":"a.png",\n');
  assert.throws(() => readCaptionFile(root, 'train'), /\(line 1\) to hold a JSON object, but received text that does not parse/);
  rmSync(path);
  assert.throws(() => readCaptionFile(root, 'train'), /train\.jsonl to hold JSON lines/);
  assert.ok(readFileSync(join(root, 'test.jsonl'), 'utf8').includes('"held_out"'));
});

ReadCaptionFile.run();
rmSync(root, { recursive: true, force: true });
