import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ImageDataset } from '../../../packages/classify/src/datasets/image-dataset';
import { splitDataset } from '../../../packages/classify/src/datasets/split-dataset';

/** n one-pixel images whose pixel is their index; labels i mod 3, except the last fifth all class 0. */
function toy(n: number): ImageDataset {
  return { images: Float32Array.from({ length: n }, (_, i) => i), labels: Uint8Array.from({ length: n }, (_, i) => (i < 0.8 * n ? i % 3 : 0)), count: n, height: 1, width: 1, channels: 1, classNames: ['a', 'b', 'c'] };
}

const Split = suite('splitDataset');

Split('holds out the fraction of every class, partitions the images, same seed same split', () => {
  const data = toy(300);
  const { kept, held } = splitDataset(data, { fraction: 0.1, seed: 3 });
  assert.is(kept.count + held.count, 300);
  const seen = new Set([...kept.images, ...held.images]);
  assert.is(seen.size, 300, 'no image in both parts');
  const perClass = (d: ImageDataset) => [0, 1, 2].map((c) => d.labels.filter((l) => l === c).length);
  const all = perClass(data);
  perClass(held).forEach((k, c) => assert.is(k, Math.round(all[c] * 0.1), `class ${c}`));
  assert.equal(Array.from(splitDataset(data, { fraction: 0.1, seed: 3 }).held.images), Array.from(held.images));
  assert.not.equal(Array.from(splitDataset(data, { fraction: 0.1, seed: 4 }).held.images), Array.from(held.images));
  assert.throws(() => splitDataset(data, { fraction: 1 }), /strictly between 0 and 1/);
  assert.throws(() => splitDataset(toy(3), { fraction: 0.1 }), /large enough/);
});

Split.run();
