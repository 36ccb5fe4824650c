import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeBox } from '../../../packages/vision/src/detect/box-coding';
import { matchAnchors } from '../../../packages/vision/src/detect/match-anchors';

const MatchAnchors = suite('matchAnchors');

// Four anchors (cx, cy, w, h): two near the first box, one far, one half-overlapping the second box.
const anchors = Float32Array.from([5, 5, 10, 10, 6, 5, 10, 10, 50, 50, 10, 10, 34, 30, 20, 20]);

MatchAnchors('every anchor with IoU ≥ 0.5 takes its best box; each box takes its best anchor even below 0.5', () => {
  const objects = [
    { bbox: [0, 0, 10, 10] as [number, number, number, number], categoryId: 7 },
    { bbox: [20, 20, 10, 10] as [number, number, number, number], categoryId: 3 },
  ];
  const t = matchAnchors(anchors, objects, (id) => (id === 7 ? 0 : 1));
  // Anchor 0: IoU 1 with box 0; anchor 1: IoU 9/11 with box 0; anchor 2: nothing; anchor 3: IoU 0.25 with box 1 but its best anchor.
  assert.equal(Array.from(t.labels), [1, 1, 0, 2]);
  assert.is(t.positives, 3);
  assert.equal(Array.from(t.offsets.subarray(4, 8)), Array.from(Float32Array.from(encodeBox(objects[0].bbox, anchors.subarray(4, 8)))));
  assert.equal(Array.from(t.offsets.subarray(8, 12)), [0, 0, 0, 0]);
  assert.equal(Array.from(t.offsets.subarray(12, 16)), Array.from(Float32Array.from(encodeBox(objects[1].bbox, anchors.subarray(12, 16)))));
});

MatchAnchors('no objects: every anchor is background', () => {
  const t = matchAnchors(anchors, [], () => 0);
  assert.equal(Array.from(t.labels), [0, 0, 0, 0]);
  assert.is(t.positives, 0);
});

MatchAnchors.run();
