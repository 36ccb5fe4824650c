import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { datasetFormatOf, openDataset } from '../../../packages/classify/src/datasets/open-dataset';
import { cifarBatch, writeIdxPair, writeImageFolder } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'deeper-open-'));
writeIdxPair(join(dir, 'idx'), 'train', 40, 4, 4, 4);
writeIdxPair(join(dir, 'idx'), 't10k', 8, 4, 4, 4);
writeIdxPair(join(dir, 'idx-train-only'), 'train', 40, 4, 4, 4);
mkdirSync(join(dir, 'cifar'));
writeFileSync(join(dir, 'cifar', 'data_batch_1.bin'), cifarBatch(20));
writeFileSync(join(dir, 'cifar', 'test_batch.bin'), cifarBatch(10));
writeImageFolder(join(dir, 'folder'), ['a', 'b'], 10);
writeImageFolder(join(dir, 'split', 'train'), ['a', 'b'], 3);
writeImageFolder(join(dir, 'split', 'test'), ['a', 'b'], 2);
mkdirSync(join(dir, 'empty'));

const Format = suite('datasetFormatOf');
Format('recognises each format from its files; anything else is an error naming what was expected', () => {
  assert.is(datasetFormatOf('mnist'), 'mnist');
  assert.is(datasetFormatOf(join(dir, 'idx')), 'idx');
  assert.is(datasetFormatOf(join(dir, 'cifar')), 'cifar10');
  assert.is(datasetFormatOf(join(dir, 'folder')), 'image-folder');
  assert.is(datasetFormatOf(join(dir, 'split')), 'image-folder');
  assert.throws(() => datasetFormatOf(join(dir, 'empty')), /IDX files.*CIFAR-10.*class folders/);
  assert.throws(() => datasetFormatOf('cifar100'), /"mnist", "fashion-mnist" or a folder.*"cifar100"/);
});
Format.run();

const Open = suite('openDataset');
Open('each format gives train and test images with the same classes', () => {
  const idx = openDataset(join(dir, 'idx'));
  assert.equal([idx.train.count, idx.test.count], [40, 8]);
  const held = openDataset(join(dir, 'idx-train-only'), { testFraction: 0.25 });
  // 10 images a class, round(2.5) = 3 of each held out.
  assert.equal([held.train.count, held.test.count], [28, 12]);
  const cifar = openDataset(join(dir, 'cifar'), { limit: 5 });
  assert.equal([cifar.train.count, cifar.test.count, cifar.train.channels], [5, 10, 3]);
  const folder = openDataset(join(dir, 'folder'));
  assert.equal([folder.train.count, folder.test.count], [16, 4]);
  assert.equal(folder.classNames, ['a', 'b']);
  const split = openDataset(join(dir, 'split'));
  assert.equal([split.train.count, split.test.count], [6, 4]);
  const mnist = openDataset('mnist', { limit: 50, mnistTestCount: 100 });
  assert.equal([mnist.train.count, mnist.test.count, mnist.format], [50, 100, 'mnist']);
  assert.throws(() => openDataset(join(dir, 'idx'), { limit: 1 }), /at least two classes/);
});
Open.after(() => rmSync(dir, { recursive: true, force: true }));
Open.run();
