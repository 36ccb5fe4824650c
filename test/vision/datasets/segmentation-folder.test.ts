import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generateM2nist } from '../../../packages/vision/src/datasets/m2nist';
import { writePng } from '../../../packages/vision/src/datasets/png-io';
import { readClassNames, readSegmentationFolder, writeSegmentationFolder } from '../../../packages/vision/src/datasets/segmentation-folder';

const root = mkdtempSync(join(tmpdir(), 'vision-seg-'));

const ReadSegmentationFolder = suite('readSegmentationFolder');

ReadSegmentationFolder('what writeSegmentationFolder writes reads back byte for byte', () => {
  const dir = join(root, 'roundtrip');
  const data = generateM2nist({ count: 7, seed: 2, split: 'test' });
  writeSegmentationFolder(dir, 'test', data);
  const read = readSegmentationFolder(dir, 'test');
  assert.equal(read.images, data.images);
  assert.equal(read.masks, data.masks);
  assert.equal([read.count, read.height, read.width, read.channels], [7, 64, 84, 1]);
  assert.equal(read.classNames, data.classNames);
  assert.equal(read.names, data.names);
  assert.is(readSegmentationFolder(dir, 'test', 3).count, 3);
});

ReadSegmentationFolder('refuses a mask of another size, an unknown class, a missing mask, naming the file', () => {
  const dir = join(root, 'bad');
  writePng(join(dir, 'train', 'images', 'a.png'), { width: 4, height: 3, channels: 1, data: new Uint8Array(12) });
  writeFileSync(join(dir, 'classes.json'), '["background", "thing"]');
  assert.throws(() => readSegmentationFolder(dir, 'train'), (e: Error) => e.message.includes(join(dir, 'train', 'masks', 'a.png')) && /the index mask of .*no such file/.test(e.message));
  writePng(join(dir, 'train', 'masks', 'a.png'), { width: 3, height: 3, channels: 1, data: new Uint8Array(9) });
  assert.throws(() => readSegmentationFolder(dir, 'train'), /masks\/a\.png to hold a mask of its image's size 4×3, but received 3×3/);
  writePng(join(dir, 'train', 'masks', 'a.png'), { width: 4, height: 3, channels: 1, data: Uint8Array.from([0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0]) });
  assert.throws(() => readSegmentationFolder(dir, 'train'), /masks\/a\.png \(pixel \(1, 1\)\) to hold a class index below 2 \(classes\.json\), but received 2/);
  assert.throws(() => readSegmentationFolder(dir, 'test'), /test\/images to hold a folder of PNG images, but received no such folder/);
});

const ReadClassNames = suite('readClassNames');

ReadClassNames('refuses a missing file and entries that are not names', () => {
  const dir = join(root, 'classes');
  assert.throws(() => readClassNames(dir), /classes\.json to hold a JSON array of class names/);
  writeFileSync(join(root, 'classes.json'), '["background", 3]');
  assert.throws(() => readClassNames(root), /classes\.json \(entry 1\) to hold a non-empty string, but received 3/);
});

ReadSegmentationFolder.run();
ReadClassNames.run();
rmSync(root, { recursive: true, force: true });
