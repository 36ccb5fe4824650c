import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadMnist } from '../../../packages/classify/src/datasets/load-mnist';

const test = suite('loadMnist');

test('all 10,000 digits, 28×28 in [0, 1], labels 0–9 with the package\'s per-class counts', () => {
  const data = loadMnist();
  assert.is(data.count, 10000);
  assert.is(data.images.length, 10000 * 28 * 28);
  assert.is(data.labels.length, 10000);
  let min = Infinity;
  let max = -Infinity;
  for (const v of data.images) { min = Math.min(min, v); max = Math.max(max, v); }
  assert.ok(min >= 0 && max <= 1 && max > 0.9, `range [${min}, ${max}]`);
  const counts = new Array(10).fill(0);
  for (const label of data.labels) counts[label] += 1;
  assert.is(counts.reduce((a, b) => a + b, 0), 10000);
  assert.ok(counts.every((c) => c > 800), `${counts}`);
});

test('a limit keeps the interleaved, balanced prefix, the same every time', () => {
  const a = loadMnist({ limit: 20 });
  const b = loadMnist({ limit: 20 });
  assert.is(a.count, 20);
  assert.equal(Array.from(a.labels), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(a.images, b.images);
  const full = loadMnist();
  assert.equal(a.images, full.images.slice(0, 20 * 784));
  // Distinct images: the two zeros differ.
  assert.not.equal(Array.from(a.images.slice(0, 784)), Array.from(a.images.slice(10 * 784, 11 * 784)));
});

test('refuses a bad limit', () => {
  assert.throws(() => loadMnist({ limit: -3 }), /limit/);
});

test.run();
