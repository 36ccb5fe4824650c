import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadFashionMnist } from '../../../packages/classify/src/datasets/load-fashion-mnist';

const be32 = (d: number) => [(d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255];
const dir = mkdtempSync(join(tmpdir(), 'deeper-fmnist-'));
// Three 2×2 test images (values 0, 51, 102, 255…) and their labels, the images gzipped, the labels not.
writeFileSync(join(dir, 't10k-images-idx3-ubyte.gz'), gzipSync(new Uint8Array([0, 0, 8, 3, ...be32(3), ...be32(2), ...be32(2),
  0, 51, 102, 255, 255, 255, 0, 0, 1, 2, 3, 4])));
writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), new Uint8Array([0, 0, 8, 1, ...be32(3), 9, 0, 4]));

const test = suite('loadFashionMnist');

test('reads a small IDX pair written by the test, scaling pixels to [0, 1]', () => {
  const data = loadFashionMnist({ dir, split: 'test' });
  assert.is(data.count, 3);
  assert.is(data.height, 2);
  assert.is(data.width, 2);
  assert.equal(Array.from(data.labels), [9, 0, 4]);
  assert.equal(Array.from(data.images.slice(0, 4)), [0, 0.2, 0.4, 1].map((v) => Math.fround(v)));
  assert.is(data.classNames[9], 'Ankle boot');
  const limited = loadFashionMnist({ dir, split: 'test', limit: 2 });
  assert.is(limited.count, 2);
  assert.is(limited.images.length, 8);
});

test('a missing file names the apt package', () => {
  assert.throws(() => loadFashionMnist({ dir, split: 'train' }), /train-images-idx3-ubyte.*apt-get install dataset-fashion-mnist/s);
  assert.throws(() => loadFashionMnist({ split: 'validation' as never }), /split/);
  assert.throws(() => loadFashionMnist({ limit: 0 }), /limit/);
});

const installed = existsSync('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz') || existsSync('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte');
const real = suite('loadFashionMnist (the Debian dataset-fashion-mnist files)');
if (installed) {
  real('has 60,000 training and 10,000 test images of 28×28, 10 classes balanced', () => {
    const train = loadFashionMnist();
    const testSplit = loadFashionMnist({ split: 'test' });
    assert.is(train.count, 60000);
    assert.is(testSplit.count, 10000);
    assert.is(train.images.length, 60000 * 28 * 28);
    const counts = new Array(10).fill(0);
    for (const label of testSplit.labels) counts[label] += 1;
    assert.equal(counts, new Array(10).fill(1000)); // the test split has 1,000 per class
    let max = 0;
    for (const v of testSplit.images) max = Math.max(max, v);
    assert.is(max, 1);
  });
} else {
  console.log('skipping the real Fashion-MNIST counts: /usr/share/datasets/fashion-mnist is absent (apt-get install dataset-fashion-mnist)');
  real.skip('has 60,000 training and 10,000 test images', () => {});
}

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
real.run();
