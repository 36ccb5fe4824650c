import { SeededRng } from '@deeper/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Box } from '../../../packages/vision/src/datasets/box';
import { encodeBox } from '../../../packages/vision/src/detect/box-coding';
import { assignRpnTargets, sampleAnchors } from '../../../packages/vision/src/detect/rpn-targets';

const AssignRpnTargets = suite('assignRpnTargets');

// Anchors (cx, cy, w, h) on a 100×100 image, against box G = [20, 20, 20, 20] and box H = [60, 60, 20, 40]:
//   0: exactly G (IoU 1)                → positive (≥ 0.7)
//   1: G shifted 4 px (IoU 320/480 = 0.67) → ignored (between 0.3 and 0.7, not G's best)
//   2: far from both (IoU 0)            → negative
//   3: G shifted 14 px (IoU 120/680 = 0.18) → negative (< 0.3)
//   4: H's best at IoU 400/800 = 0.5    → positive by rule (i) although < 0.7
//   5: crosses the left edge            → ignored (§3.3)
//   6: overlaps G at 0.5 (IoU 200/400)  → ignored
const anchors = Float32Array.from([30, 30, 20, 20, 34, 30, 20, 20, 90, 10, 10, 10, 44, 30, 20, 20, 70, 70, 20, 20, 5, 50, 20, 20, 30, 25, 20, 10]);
const boxes: Box[] = [[20, 20, 20, 20], [60, 60, 20, 40]];

AssignRpnTargets('IoU ≥ 0.7 positive, < 0.3 negative, each box\'s best anchor positive, cross-boundary ignored', () => {
  const t = assignRpnTargets(anchors, boxes, 100, 100);
  assert.equal(Array.from(t.labels), [1, -1, 0, 0, 1, -1, -1]);
  assert.equal(Array.from(t.offsets.subarray(0, 4)), [0, 0, 0, 0]);
  assert.equal(Array.from(t.offsets.subarray(16, 20)), Array.from(Float32Array.from(encodeBox(boxes[1], anchors.subarray(16, 20)))));
  for (const i of [1, 2, 3, 5, 6]) assert.equal(Array.from(t.offsets.subarray(i * 4, i * 4 + 4)), [0, 0, 0, 0], `anchor ${i}`);
});

AssignRpnTargets('with cross-boundary anchors kept, the edge anchor is labelled by its IoU (here negative)', () => {
  assert.is(assignRpnTargets(anchors, boxes, 100, 100, { ignoreCrossBoundary: false }).labels[5], 0);
});

AssignRpnTargets('no boxes: every anchor inside the image is negative', () => {
  assert.equal(Array.from(assignRpnTargets(anchors, [], 100, 100).labels), [0, 0, 0, 0, 0, -1, 0]);
});

AssignRpnTargets('refuses a negative threshold above the positive one', () => {
  assert.throws(() => assignRpnTargets(anchors, boxes, 100, 100, { positiveIou: 0.3, negativeIou: 0.5 }), /assignRpnTargets expects negativeIou/);
});

const SampleAnchors = suite('sampleAnchors');

const labelsOf = (positives: number, negatives: number, ignored: number) => Int8Array.from([...Array(positives).fill(1), ...Array(negatives).fill(0), ...Array(ignored).fill(-1)]);
const count = (a: Int8Array, v: number) => a.filter((x) => x === v).length;

SampleAnchors('256 anchors, at most half positive; few positives are padded with negatives; ignored never drawn', () => {
  const many = sampleAnchors(labelsOf(300, 1000, 50), new SeededRng(1));
  assert.equal([count(many, 1), count(many, 0)], [128, 128]);
  const few = sampleAnchors(labelsOf(10, 1000, 50), new SeededRng(1));
  assert.equal([count(few, 1), count(few, 0)], [10, 246]);
  assert.ok(few.subarray(1010).every((v) => v === -1));
  const scarce = sampleAnchors(labelsOf(3, 20, 5), new SeededRng(1));
  assert.equal([count(scarce, 1), count(scarce, 0)], [3, 20]);
});

SampleAnchors('the same seed draws the same anchors, another seed others', () => {
  const labels = labelsOf(300, 1000, 0);
  assert.equal(Array.from(sampleAnchors(labels, new SeededRng(4))), Array.from(sampleAnchors(labels, new SeededRng(4))));
  assert.not.equal(Array.from(sampleAnchors(labels, new SeededRng(4))), Array.from(sampleAnchors(labels, new SeededRng(5))));
});

AssignRpnTargets.run();
SampleAnchors.run();
