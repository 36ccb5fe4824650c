import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SumTree } from '../../packages/dqn/src/sum-tree';

const SumTreeSuite = suite('SumTree');

SumTreeSuite('keeps the total and finds leaves by prefix sum', () => {
  const tree = new SumTree(5);
  [1, 0, 3, 2, 4].forEach((p, i) => tree.set(i, p));
  assert.is(tree.total, 10);
  // Prefix sums: [0,1) → 0, [1,4) → 2 (leaf 1 is empty), [4,6) → 3, [6,10) → 4.
  assert.is(tree.find(0), 0);
  assert.is(tree.find(0.999), 0);
  assert.is(tree.find(1), 2);
  assert.is(tree.find(3.99), 2);
  assert.is(tree.find(4), 3);
  assert.is(tree.find(9.99), 4);
  tree.set(4, 0);
  assert.is(tree.total, 6);
  assert.is(tree.find(5.999999), 3);
});

SumTreeSuite('agrees with a linear prefix-sum scan over many levels, zeros included', () => {
  for (const capacity of [1, 8, 9, 64, 1000, 4097]) {
    const tree = new SumTree(capacity);
    const priorities: number[] = Array.from({ length: capacity }, (_, i) => ((i * 7919) % 13 < 3 ? 0 : ((i * 104729) % 97) / 7 + 0.25));
    if (!priorities.some((p) => p > 0)) priorities[0] = 1;
    priorities.forEach((p, i) => tree.set(i, p));
    const total = priorities.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(tree.total - total) < 1e-9 * total, `capacity ${capacity}: total ${tree.total} against ${total}`);
    const linear = (mass: number) => {
      let i = 0;
      while (i < capacity - 1 && (mass >= priorities[i] || priorities[i] === 0)) mass -= priorities[i++];
      return i;
    };
    for (let q = 0; q < 500; q++) {
      const mass = ((q + 0.5) / 500) * total;
      assert.is(tree.find(mass), linear(mass), `capacity ${capacity}, mass ${mass}`);
    }
    // Updates keep every sum right.
    for (let i = 0; i < capacity; i += 3) priorities[i] = (priorities[i] + 1) * 2;
    for (let i = 0; i < capacity; i += 3) tree.set(i, priorities[i]);
    assert.ok(Math.abs(tree.total - priorities.reduce((a, b) => a + b, 0)) < 1e-9 * tree.total);
    assert.is(tree.find(tree.total * (1 - 1e-12)), priorities.findLastIndex((p) => p > 0));
  }
});

SumTreeSuite('rebuilds inner sums from bulk-written leaves', () => {
  const tree = new SumTree(3);
  tree.leafPriorities().set([2, 3, 5]);
  tree.rebuild();
  assert.is(tree.total, 10);
  assert.is(tree.find(5.5), 2);
});

SumTreeSuite('refuses negative or non-finite priorities and bad indices', () => {
  const tree = new SumTree(4);
  assert.throws(() => tree.set(0, -1), /priority to be a finite number ≥ 0, but received -1/);
  assert.throws(() => tree.set(0, NaN), /priority/);
  assert.throws(() => tree.set(4, 1), /index to be an integer in \[0, 4\)/);
  assert.throws(() => new SumTree(0), /capacity/);
});

SumTreeSuite.run();
