import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { findIdxPair, loadIdxDirectory } from '../../../packages/classify/src/datasets/load-idx-directory';
import { idxBytes, writeIdxPair } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'deeper-idx-dir-'));

const Load = suite('loadIdxDirectory');

Load('reads the train and t10k pairs of a folder, pixels scaled to [0, 1], classes named by label', () => {
  const { pixels, labels } = writeIdxPair(join(dir, 'a'), 'train', 30, 5, 4, 3);
  writeIdxPair(join(dir, 'a'), 't10k', 12, 5, 4, 3);
  const train = loadIdxDirectory({ dir: join(dir, 'a') });
  assert.is(train.count, 30);
  assert.is(train.height, 5);
  assert.is(train.width, 4);
  assert.is(train.channels, 1);
  assert.equal(Array.from(train.labels), Array.from(labels));
  assert.ok(Math.abs(train.images[123] - pixels[123] / 255) < 1e-7);
  assert.equal(train.classNames, ['0', '1', '2']);
  assert.is(loadIdxDirectory({ dir: join(dir, 'a'), split: 'test', limit: 5 }).count, 5);
});

Load('gzip-compressed files and a single unprefixed pair (training only)', () => {
  const b = join(dir, 'b');
  writeIdxPair(b, 'tmp', 10, 3, 3, 2);
  writeFileSync(join(b, 'my-images-idx3-ubyte.gz'), gzipSync(idxBytes([4, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])));
  writeFileSync(join(b, 'my-labels-idx1-ubyte.gz'), gzipSync(idxBytes([4], [0, 1, 0, 1])));
  rmSync(join(b, 'tmp-images-idx3-ubyte'));
  rmSync(join(b, 'tmp-labels-idx1-ubyte'));
  const data = loadIdxDirectory({ dir: b, classNames: ['no', 'yes'] });
  assert.is(data.count, 4);
  assert.equal(data.classNames, ['no', 'yes']);
  assert.is(findIdxPair(b, 'test'), null);
});

Load('bad folders say what was expected', () => {
  const c = join(dir, 'c');
  writeIdxPair(c, 'train', 6, 2, 2, 2);
  writeFileSync(join(c, 'train-labels-idx1-ubyte'), idxBytes([5], [0, 1, 0, 1, 0]));
  assert.throws(() => loadIdxDirectory({ dir: c }), /6 unsigned-byte labels/);
  assert.throws(() => loadIdxDirectory({ dir: c, split: 'test' }), /for the test split/);
  assert.throws(() => loadIdxDirectory({ dir: join(dir, 'missing') }), /not a folder/);
  assert.throws(() => loadIdxDirectory({ dir: join(dir, 'a'), classNames: ['x', 'y'] }), /below the 2 class names/);
});

Load.after(() => rmSync(dir, { recursive: true, force: true }));
Load.run();
