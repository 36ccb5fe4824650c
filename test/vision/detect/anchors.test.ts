import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { anchorsPerCell, ssdAnchors } from '../../../packages/vision/src/detect/anchors';

const SsdAnchors = suite('ssdAnchors');

SsdAnchors('cells row-major, then heights, then ratios, centred in their cells, w = h·r', () => {
  const grid = { rows: 2, cols: 3, stride: 8, heights: [10, 20], aspectRatios: [1, 0.5] };
  const a = ssdAnchors([grid, { rows: 1, cols: 1, stride: 16, heights: [30], aspectRatios: [1] }]);
  assert.is(anchorsPerCell(grid), 4);
  assert.is(a.length / 4, 2 * 3 * 4 + 1);
  assert.equal(Array.from(a.subarray(0, 16)), [4, 4, 10, 10, 4, 4, 5, 10, 4, 4, 20, 20, 4, 4, 10, 20]);
  // Second cell of the first row, then the first cell of the second row.
  assert.equal(Array.from(a.subarray(16, 18)), [12, 4]);
  assert.equal(Array.from(a.subarray(3 * 16, 3 * 16 + 2)), [4, 12]);
  assert.equal(Array.from(a.subarray(24 * 4)), [8, 8, 30, 30]);
});

SsdAnchors('refuses empty heights and non-positive strides, naming the grid', () => {
  assert.throws(() => ssdAnchors([{ rows: 1, cols: 1, stride: 8, heights: [], aspectRatios: [1] }]), /ssdAnchors expects grids\[0\] to be a positive stride and non-empty lists/);
  assert.throws(() => ssdAnchors([{ rows: 0, cols: 1, stride: 8, heights: [1], aspectRatios: [1] }]), /grids\[0\]\.rows to be a positive integer, but received 0/);
});

SsdAnchors.run();
