import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { datasetBatches } from '../../../packages/classify/src/datasets/dataset-batches';
import { shuffleDataset } from '../../../packages/classify/src/datasets/shuffle-dataset';
import { subsetDataset } from '../../../packages/classify/src/datasets/subset-dataset';

/** Ten 1×1 RGB images whose channels are (i, i, i). */
const data = { images: Float32Array.from({ length: 30 }, (_, k) => Math.floor(k / 3)), labels: Uint8Array.from({ length: 10 }, (_, i) => i % 2), count: 10, height: 1, width: 1, channels: 3, classNames: ['even', 'odd'] };

const Subset = suite('subsetDataset');
Subset('copies whole images (all channels) in the order asked; bad indices name the position', () => {
  const s = subsetDataset(data, [7, 2]);
  assert.equal(Array.from(s.images), [7, 7, 7, 2, 2, 2]);
  assert.equal(Array.from(s.labels), [1, 0]);
  assert.throws(() => subsetDataset(data, [3, 10]), /0…9.*10 at position 1/);
});
Subset.run();

const Shuffle = suite('shuffleDataset');
Shuffle('a seeded permutation: same seed same order, images stay with their labels', () => {
  const a = shuffleDataset(data, 5);
  assert.equal(Array.from(a.images), Array.from(shuffleDataset(data, 5).images));
  assert.not.equal(Array.from(a.images), Array.from(data.images));
  for (let i = 0; i < 10; i++) assert.is(a.labels[i], a.images[i * 3] % 2);
});
Shuffle.run();

const Batches = suite('datasetBatches');
Batches('covers every image once, last batch smaller, optional seeded order', () => {
  const batches = [...datasetBatches(data, { batchSize: 4 })];
  assert.equal(batches.map((b) => b.labels.length), [4, 4, 2]);
  assert.equal(batches.flatMap((b) => Array.from(b.indices)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(Array.from(batches[2].images), [8, 8, 8, 9, 9, 9]);
  const shuffled = [...datasetBatches(data, { batchSize: 4, shuffleSeed: 1 })].flatMap((b) => Array.from(b.indices));
  assert.equal([...shuffled].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.not.equal(shuffled, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
Batches.run();
