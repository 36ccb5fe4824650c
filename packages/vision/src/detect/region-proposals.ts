/**
 * From the RPN's outputs to region proposals (Ren et al. 2015, §3.3 "Implementation Details"
 * and py-faster-rcnn's proposal_layer): every anchor's box is decoded from its predicted
 * deltas, clipped to the image, boxes smaller than `minSize` are dropped, the `preNmsTopN`
 * of highest objectness are thinned by non-maximum suppression at IoU 0.7 and the
 * `postNmsTopN` best are kept. The paper's 12,000 → 2,000 (training) and 6,000 → 300
 * (testing) are for ~20,000 anchors per 1000×600 image; our 128×128 scenes have 2,304
 * anchors and at most six objects, so the defaults are 1,000 → 64 and 600 → 32.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, resolveConfig } from '@deeper/core';
import type { Box } from '../datasets/box';
import { decodeBox } from './box-coding';

export interface ProposalConfig {
  /** Best-scoring boxes kept before NMS; default 1000 in training (paper 12,000), see the file comment. */
  preNmsTopN: number;
  /** Proposals kept after NMS; default 64 in training (paper 2,000). */
  postNmsTopN: number;
  /** NMS IoU threshold; default 0.7 (the paper). */
  nmsIou: number;
  /** Smallest proposal side, pixels; default 4 (py-faster-rcnn's RPN_MIN_SIZE is 16 at scale 600; our digits start at 11 px of ink). */
  minSize: number;
}

export const trainProposalDefaults: ProposalConfig = { preNmsTopN: 1000, postNmsTopN: 64, nmsIou: 0.7, minSize: 4 };
export const testProposalDefaults: ProposalConfig = { preNmsTopN: 600, postNmsTopN: 32, nmsIou: 0.7, minSize: 4 };

export function resolveProposalConfig(partial: Partial<ProposalConfig> = {}, defaults: ProposalConfig = trainProposalDefaults): ProposalConfig {
  const who = 'proposeRegions';
  const c = resolveConfig(who, defaults, partial);
  checkInteger(who, 'preNmsTopN', c.preNmsTopN);
  checkInteger(who, 'postNmsTopN', c.postNmsTopN);
  checkNumber(who, 'nmsIou', c.nmsIou, 0, 1);
  checkNumber(who, 'minSize', c.minSize, 0);
  return c;
}

/** One image's proposals, best first, with their objectness logits. */
export interface Proposals { boxes: Box[]; scores: number[] }

/**
 * The proposals of one image from its anchors' objectness logits and deltas (4 per anchor,
 * box-coding.ts) on a `width` × `height` image.
 */
export function proposeRegions(objectness: ArrayLike<number>, deltas: ArrayLike<number>, anchors: Float32Array, width: number, height: number, config: Partial<ProposalConfig> = {}, defaults: ProposalConfig = trainProposalDefaults): Proposals {
  const c = resolveProposalConfig(config, defaults);
  const count = anchors.length / 4;
  const order = Array.from({ length: count }, (_, i) => i).sort((p, q) => objectness[q] - objectness[p] || p - q);
  const boxes: Box[] = [];
  const scores: number[] = [];
  for (const i of order) {
    if (boxes.length === c.preNmsTopN) break;
    const [x, y, w, h] = decodeBox(Array.from({ length: 4 }, (_, k) => deltas[i * 4 + k]), anchors.subarray(i * 4, i * 4 + 4));
    const x0 = Math.min(Math.max(x, 0), width);
    const y0 = Math.min(Math.max(y, 0), height);
    const x1 = Math.min(Math.max(x + w, 0), width);
    const y1 = Math.min(Math.max(y + h, 0), height);
    if (!(x1 - x0 >= c.minSize && y1 - y0 >= c.minSize)) continue;
    boxes.push([x0, y0, x1 - x0, y1 - y0]);
    scores.push(objectness[i]);
  }
  if (boxes.length === 0) return { boxes, scores };
  const keep = tf.tidy(() => tf.image.nonMaxSuppression(
    tf.tensor2d(boxes.map(([x, y, w, h]) => [y, x, y + h, x + w]), [boxes.length, 4]), tf.tensor1d(scores), c.postNmsTopN, c.nmsIou,
  ).dataSync());
  return { boxes: Array.from(keep, (j) => boxes[j]), scores: Array.from(keep, (j) => scores[j]) };
}
