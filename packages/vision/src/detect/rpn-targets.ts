/**
 * The region proposal network's training labels (Ren et al. 2015, "Faster R-CNN", §3.1.2
 * "Loss Function" and §3.1.3 "Training RPNs"):
 *   positive (p* = 1): (i) the anchor(s) with the highest IoU with a ground-truth box, or
 *                      (ii) an anchor with IoU ≥ 0.7 with any ground-truth box;
 *   negative (p* = 0): a non-positive anchor whose IoU is < 0.3 with every ground-truth box;
 *   ignored:           the rest, and (§3.3) every anchor that crosses the image boundary.
 * Each positive regresses to the ground-truth box it overlaps most (box-coding.ts). Each
 * step's loss then reads a minibatch of 256 anchors of an image, up to half of them positive,
 * the rest negatives, drawn at random (`sampleAnchors`).
 */
import { checkInteger, checkNumber, resolveConfig, type SeededRng } from '@deeper/core';
import { boxIou, type Box } from '../datasets/box';
import { encodeBox } from './box-coding';

export interface RpnTargetConfig {
  /** IoU at or above which an anchor is positive; default 0.7 (the paper). */
  positiveIou: number;
  /** IoU below which (for every box) an anchor is negative; default 0.3 (the paper). */
  negativeIou: number;
  /** Whether anchors crossing the image boundary are ignored in training; default true (the paper, §3.3). */
  ignoreCrossBoundary: boolean;
}

export const rpnTargetDefaults: RpnTargetConfig = { positiveIou: 0.7, negativeIou: 0.3, ignoreCrossBoundary: true };

export function resolveRpnTargetConfig(partial: Partial<RpnTargetConfig> = {}): RpnTargetConfig {
  const who = 'assignRpnTargets';
  const c = resolveConfig(who, rpnTargetDefaults, partial);
  checkNumber(who, 'positiveIou', c.positiveIou, 0, 1);
  checkNumber(who, 'negativeIou', c.negativeIou, 0, c.positiveIou);
  return c;
}

/** Per anchor: label 1 positive, 0 negative, −1 ignored, and 4 regression targets (zero unless positive). */
export interface RpnTargets {
  labels: Int8Array;
  offsets: Float32Array;
}

/** The anchor (cx, cy, w, h) as a COCO box. */
export const anchorAsBox = (anchors: ArrayLike<number>, i: number): Box => [anchors[i * 4] - anchors[i * 4 + 2] / 2, anchors[i * 4 + 1] - anchors[i * 4 + 3] / 2, anchors[i * 4 + 2], anchors[i * 4 + 3]];

/** The labels of `anchors` (cx, cy, w, h) for an image of `width` × `height` holding `boxes`. */
export function assignRpnTargets(anchors: Float32Array, boxes: readonly Box[], width: number, height: number, config: Partial<RpnTargetConfig> = {}): RpnTargets {
  const c = resolveRpnTargetConfig(config);
  const count = anchors.length / 4;
  const labels = new Int8Array(count).fill(-1);
  const offsets = new Float32Array(count * 4);
  const inside = new Uint8Array(count);
  const best = new Float32Array(count);
  const owner = new Int32Array(count).fill(-1);
  const boxBest = new Float32Array(boxes.length);
  const iou = new Float32Array(count * boxes.length);
  for (let i = 0; i < count; i++) {
    const a = anchorAsBox(anchors, i);
    inside[i] = !c.ignoreCrossBoundary || (a[0] >= 0 && a[1] >= 0 && a[0] + a[2] <= width && a[1] + a[3] <= height) ? 1 : 0;
    if (!inside[i]) continue;
    boxes.forEach((g, j) => {
      const v = boxIou(a, g);
      iou[i * boxes.length + j] = v;
      if (v > best[i]) {
        best[i] = v;
        owner[i] = j;
      }
      if (v > boxBest[j]) boxBest[j] = v;
    });
  }
  for (let i = 0; i < count; i++) {
    if (!inside[i]) continue;
    if (best[i] < c.negativeIou) labels[i] = 0;
    if (best[i] >= c.positiveIou) labels[i] = 1;
  }
  // Rule (i): every anchor tying for a box's highest IoU, so that each box has a positive even
  // when no anchor reaches 0.7. Like every positive it regresses to the box it overlaps most
  // (py-faster-rcnn's anchor_target_layer).
  boxes.forEach((_, j) => {
    if (boxBest[j] <= 0) return;
    for (let i = 0; i < count; i++) if (inside[i] && iou[i * boxes.length + j] === boxBest[j]) labels[i] = 1;
  });
  for (let i = 0; i < count; i++) if (labels[i] === 1) offsets.set(encodeBox(boxes[owner[i]], anchors.subarray(i * 4, i * 4 + 4)), i * 4);
  return { labels, offsets };
}

export interface AnchorSampleConfig {
  /** Anchors per image in a minibatch; default 256 (the paper). */
  anchorsPerImage: number;
  /** Largest share of positives; default 0.5 (the paper's "up to 1:1"). */
  positiveFraction: number;
}

export const anchorSampleDefaults: AnchorSampleConfig = { anchorsPerImage: 256, positiveFraction: 0.5 };

export function resolveAnchorSampleConfig(partial: Partial<AnchorSampleConfig> = {}): AnchorSampleConfig {
  const who = 'sampleAnchors';
  const c = resolveConfig(who, anchorSampleDefaults, partial);
  checkInteger(who, 'anchorsPerImage', c.anchorsPerImage);
  checkNumber(who, 'positiveFraction', c.positiveFraction, 0, 1);
  return c;
}

/** `k` distinct entries of `items` drawn uniformly (a partial Fisher–Yates shuffle). */
export function drawWithoutReplacement(items: number[], k: number, rng: SeededRng): number[] {
  const a = items.slice();
  const m = Math.min(k, a.length);
  for (let i = 0; i < m; i++) {
    const j = rng.integer(i, a.length - 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, m);
}

/**
 * One image's RPN minibatch: labels as in `labels` for the sampled anchors, −1 for the rest.
 * Positives fill up to `positiveFraction` of the batch; negatives fill the rest ("if there are
 * fewer than 128 positive samples in an image, we pad the mini-batch with negative ones").
 */
export function sampleAnchors(labels: Int8Array, rng: SeededRng, config: Partial<AnchorSampleConfig> = {}): Int8Array {
  const c = resolveAnchorSampleConfig(config);
  const positives: number[] = [];
  const negatives: number[] = [];
  labels.forEach((l, i) => {
    if (l === 1) positives.push(i);
    else if (l === 0) negatives.push(i);
  });
  const sampled = new Int8Array(labels.length).fill(-1);
  const keptPositives = drawWithoutReplacement(positives, Math.floor(c.anchorsPerImage * c.positiveFraction), rng);
  for (const i of keptPositives) sampled[i] = 1;
  for (const i of drawWithoutReplacement(negatives, c.anchorsPerImage - keptPositives.length, rng)) sampled[i] = 0;
  return sampled;
}
