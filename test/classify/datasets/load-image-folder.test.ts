import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadImageFolder } from '../../../packages/classify/src/datasets/load-image-folder';
import { writeImageFolder, writePngFile } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'deeper-folder-'));

const Load = suite('loadImageFolder');

Load('grey class folders: folder names sorted as classes, one channel, pixels in [0, 1]', () => {
  writeImageFolder(join(dir, 'grey'), ['dog', 'cat', 'bird'], 4);
  const data = loadImageFolder({ dir: join(dir, 'grey') });
  assert.equal(data.classNames, ['bird', 'cat', 'dog']);
  assert.is(data.count, 12);
  assert.is(data.channels, 1);
  assert.equal([data.height, data.width], [8, 8]);
  // 'bird' was written as the third class: level 120.
  assert.is(data.labels[0], 0);
  assert.ok(Math.abs(data.images[0] - 120 / 255) < 1e-6);
});

Load('RGB folders keep three channels; channels: 1 converts by BT.601 luma', () => {
  writeImageFolder(join(dir, 'rgb'), ['a', 'b'], 3, 6, true);
  const rgb = loadImageFolder({ dir: join(dir, 'rgb') });
  assert.is(rgb.channels, 3);
  assert.equal(Array.from(rgb.images.subarray(0, 3)).map((v) => Math.round(v * 255)), [40, 215, 0]);
  const grey = loadImageFolder({ dir: join(dir, 'rgb'), channels: 1 });
  assert.ok(Math.abs(grey.images[0] * 255 - (0.299 * 40 + 0.587 * 215)) < 1e-3);
});

Load('an image of another size is refused by name, or resized with resize: true', () => {
  writeImageFolder(join(dir, 'mixed'), ['a', 'b'], 2, 8);
  writePngFile(join(dir, 'mixed', 'b', 'big.png'), 16, 12, () => [255, 255, 255]);
  assert.throws(() => loadImageFolder({ dir: join(dir, 'mixed') }), /12×16 in .*big\.png/);
  const resized = loadImageFolder({ dir: join(dir, 'mixed'), resize: true });
  assert.is(resized.count, 5);
  const forced = loadImageFolder({ dir: join(dir, 'mixed'), size: [4, 4], resize: true });
  assert.equal([forced.height, forced.width], [4, 4]);
  // A uniform image stays uniform under bilinear resizing.
  assert.ok(Math.abs(forced.images[0] - 40 / 255) < 1e-6);
});

Load('one class, no classes, and a train/test layout', () => {
  writeImageFolder(join(dir, 'single'), ['only'], 3);
  assert.throws(() => loadImageFolder({ dir: join(dir, 'single') }), /at least two class folders.*only "only"/);
  assert.throws(() => loadImageFolder({ dir: join(dir, 'nothing-here') }), /not a folder/);
  writeImageFolder(join(dir, 'split', 'train'), ['x', 'y'], 3);
  writeImageFolder(join(dir, 'split', 'test'), ['x', 'y'], 1);
  assert.is(loadImageFolder({ dir: join(dir, 'split'), split: 'test' }).count, 2);
  assert.throws(() => loadImageFolder({ dir: join(dir, 'grey'), split: 'test' }), /test\/ folder/);
  assert.throws(() => loadImageFolder({ dir: join(dir, 'grey'), classNames: ['bird', 'cat'] }), /folder "dog"/);
});

Load.after(() => rmSync(dir, { recursive: true, force: true }));
Load.run();
