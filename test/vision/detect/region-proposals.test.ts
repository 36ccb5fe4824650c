import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { encodeBox } from '../../../packages/vision/src/detect/box-coding';
import { proposeRegions } from '../../../packages/vision/src/detect/region-proposals';

await selectBackend('wasm', { quiet: true, threads: 1 });

const ProposeRegions = suite('proposeRegions');

// Four anchors on a 64×64 image; deltas move anchor 0 onto [10, 10, 20, 20], anchor 1 onto
// [11, 10, 20, 20] (IoU 0.9 with it), anchor 2 onto [40, 30, 30, 40] (clipped at the right and
// bottom), anchor 3 onto a 2×2 box (below minSize).
const anchors = Float32Array.from([16, 16, 16, 16, 24, 20, 16, 16, 48, 48, 16, 16, 8, 8, 16, 16]);
const targets = [[10, 10, 20, 20], [11, 10, 20, 20], [40, 30, 30, 40], [7, 7, 2, 2]] as [number, number, number, number][];
const deltas = Float32Array.from(targets.flatMap((t, i) => encodeBox(t, anchors.subarray(i * 4, i * 4 + 4))));

ProposeRegions('decodes, clips, drops small boxes and suppresses overlaps above 0.7, best first', () => {
  const p = proposeRegions([0.5, 2, 1, 3], deltas, anchors, 64, 64);
  assert.is(p.boxes.length, 2);
  assert.equal(p.scores, [2, 1]);
  const [a, b] = p.boxes;
  [11, 10, 20, 20].forEach((v, k) => assert.ok(Math.abs(a[k] - v) < 1e-4, `box 0: ${a}`));
  [40, 30, 24, 34].forEach((v, k) => assert.ok(Math.abs(b[k] - v) < 1e-4, `box 1: ${b}`));
});

ProposeRegions('keeps at most postNmsTopN; takes the preNmsTopN best after dropping small boxes (py-faster-rcnn\'s order)', () => {
  assert.is(proposeRegions([0.5, 2, 1, 3], deltas, anchors, 64, 64, { postNmsTopN: 1 }).boxes.length, 1);
  // Anchor 3 scores best but is too small; the top 1 is then anchor 1 alone, the top 2 anchors 1 and 2.
  assert.equal(proposeRegions([0.5, 2, 1, 3], deltas, anchors, 64, 64, { preNmsTopN: 1 }).scores, [2]);
  assert.equal(proposeRegions([0.5, 2, 1, 3], deltas, anchors, 64, 64, { preNmsTopN: 2 }).scores, [2, 1]);
  // With anchor 0 scored above anchor 1, NMS keeps it and drops anchor 1 (IoU 0.9).
  assert.equal(proposeRegions([2.5, 2, 1, 3], deltas, anchors, 64, 64).scores, [2.5, 1]);
});

ProposeRegions.run();
