import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mnistHalf } from '../../../packages/vision/src/datasets/mnist-halves';

const MnistHalf = suite('mnistHalf');

MnistHalf('train and test halves are disjoint, together all 10,000 digits, every class in both', () => {
  const train = mnistHalf('train');
  const test = mnistHalf('test');
  assert.is(train.count + test.count, 10000);
  assert.ok(Math.abs(train.count - test.count) <= 10);
  const key = (images: Float32Array, i: number) => Array.from(images.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)).join(',');
  const seen = new Set<string>();
  for (let i = 0; i < train.count; i++) seen.add(key(train.images, i));
  let shared = 0;
  for (let i = 0; i < test.count; i++) if (seen.has(key(test.images, i))) shared++;
  // The npm package itself holds a few byte-identical duplicates; the split must not add any.
  assert.ok(shared <= 5, `${shared} test digits equal a training digit`);
  for (const pool of [train, test]) assert.equal(new Set(pool.labels).size, 10);
  assert.is(mnistHalf('train'), train, 'cached');
});

MnistHalf.run();
