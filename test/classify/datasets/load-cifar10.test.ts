import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cifar10ClassNames, loadCifar10 } from '../../../packages/classify/src/datasets/load-cifar10';
import { cifarBatch } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'deeper-cifar-'));
const bin = join(dir, 'cifar-10-batches-bin');
mkdirSync(bin);
writeFileSync(join(bin, 'data_batch_1.bin'), cifarBatch(12));
writeFileSync(join(bin, 'data_batch_2.bin'), cifarBatch(8, 12));
writeFileSync(join(bin, 'test_batch.bin'), cifarBatch(10, 50));

const Load = suite('loadCifar10');

Load('reads the data batches in order, planar RGB to channels last, in [0, 1]', () => {
  const train = loadCifar10({ dir });
  assert.is(train.count, 20);
  assert.is(train.channels, 3);
  assert.is(train.height, 32);
  assert.equal(Array.from(train.labels), Array.from({ length: 20 }, (_, i) => i % 10));
  assert.equal(train.classNames, cifar10ClassNames);
  // Image 13 (second batch's second record): red 13, green 113, blue 213 at every pixel.
  const at = (13 * 1024 + 500) * 3;
  assert.equal(Array.from(train.images.subarray(at, at + 3)).map((v) => Math.round(v * 255)), [13, 113, 213]);
  const test = loadCifar10({ dir: bin, split: 'test', limit: 4 });
  assert.is(test.count, 4);
  assert.equal(Array.from(test.labels), [0, 1, 2, 3]);
});

Load('class names from batches.meta.txt; truncated batches and missing folders are errors', () => {
  writeFileSync(join(bin, 'batches.meta.txt'), `${cifar10ClassNames.map((n) => n.toUpperCase()).join('\n')}\n\n`);
  assert.is(loadCifar10({ dir, split: 'test' }).classNames[0], 'AIRPLANE');
  writeFileSync(join(bin, 'data_batch_3.bin'), cifarBatch(2).subarray(0, 3000));
  assert.throws(() => loadCifar10({ dir }), /whole 3073-byte records/);
  assert.throws(() => loadCifar10({ dir: join(dir, 'nowhere') }), /CIFAR-10 binary batches/);
});

Load.after(() => rmSync(dir, { recursive: true, force: true }));
Load.run();
