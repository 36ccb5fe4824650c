import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { balancedSubset } from '../../../packages/classify/src/datasets/balanced-subset';

const data = {
  images: Float32Array.from({ length: 100 }, (_, i) => i), labels: Uint8Array.from({ length: 100 }, (_, i) => (i < 70 ? 0 : i < 90 ? 1 : 2)),
  count: 100, height: 1, width: 1, channels: 1, classNames: ['a', 'b', 'c'],
};

const Balanced = suite('balancedSubset');

Balanced('draws the classes as evenly as they allow, seeded, distinct images', () => {
  const subset = balancedSubset(data, 30, 1);
  assert.equal([0, 1, 2].map((c) => subset.labels.filter((l) => l === c).length), [10, 10, 10]);
  assert.is(new Set(subset.images).size, 30);
  // Class c has only 10 images: the rest of 40 come from the others.
  const more = balancedSubset(data, 40, 1);
  assert.equal([0, 1, 2].map((c) => more.labels.filter((l) => l === c).length), [15, 15, 10]);
  assert.equal(Array.from(balancedSubset(data, 30, 1).images), Array.from(subset.images));
  assert.throws(() => balancedSubset(data, 101, 0), /at most the 100 labelled images.*101/);
});

Balanced.run();
