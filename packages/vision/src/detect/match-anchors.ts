/**
 * SSD's matching strategy (Liu et al. 2016, §2.2 "Matching strategy"): each ground-truth box
 * takes the default box it overlaps most, then every default box whose best IoU with a
 * ground-truth box is ≥ 0.5 takes that box too. Matched default boxes learn the box's class
 * and regress to it; the rest are background.
 */
import { boxIou, type Box } from '../datasets/box';
import type { DetectionObject } from '../datasets/detection-data';
import { encodeBox } from './box-coding';

export interface AnchorTargets {
  /** Per default box: 0 background, else 1 + the class index. */
  labels: Int32Array;
  /** Per default box, 4 regression targets (zero for background). */
  offsets: Float32Array;
  /** Matched default boxes. */
  positives: number;
}

const anchorBox = (anchors: Float32Array, i: number): Box => [anchors[i * 4] - anchors[i * 4 + 2] / 2, anchors[i * 4 + 1] - anchors[i * 4 + 3] / 2, anchors[i * 4 + 2], anchors[i * 4 + 3]];

/**
 * The training targets of one image's `objects`; `classOf` maps a category id to its class
 * index 0…K−1.
 */
export function matchAnchors(anchors: Float32Array, objects: readonly DetectionObject[], classOf: (categoryId: number) => number, threshold = 0.5): AnchorTargets {
  const count = anchors.length / 4;
  const labels = new Int32Array(count);
  const offsets = new Float32Array(count * 4);
  const owner = new Int32Array(count).fill(-1);
  const bestIou = new Float32Array(count);
  const forced = new Int32Array(objects.length).fill(-1);
  const forcedIou = new Float32Array(objects.length).fill(-1);
  for (let i = 0; i < count; i++) {
    const a = anchorBox(anchors, i);
    objects.forEach((o, j) => {
      const iou = boxIou(a, o.bbox);
      if (iou > bestIou[i]) {
        bestIou[i] = iou;
        owner[i] = j;
      }
      if (iou > forcedIou[j]) {
        forcedIou[j] = iou;
        forced[j] = i;
      }
    });
  }
  const assigned = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) if (bestIou[i] >= threshold) assigned[i] = owner[i];
  forced.forEach((i, j) => {
    if (i >= 0) assigned[i] = j;
  });
  let positives = 0;
  for (let i = 0; i < count; i++) {
    const j = assigned[i];
    if (j < 0) continue;
    labels[i] = 1 + classOf(objects[j].categoryId);
    offsets.set(encodeBox(objects[j].bbox, anchors.subarray(i * 4, i * 4 + 4)), i * 4);
    positives++;
  }
  return { labels, offsets, positives };
}
