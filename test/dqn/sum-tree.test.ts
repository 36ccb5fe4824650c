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
