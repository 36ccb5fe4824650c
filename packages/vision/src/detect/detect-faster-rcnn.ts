/**
 * Faster R-CNN at test time (Ren et al. 2015, §3.3; Fast R-CNN §3 "Fast R-CNN detection"):
 * the RPN's proposals (600 → NMS 0.7 → 32 per image, region-proposals.ts), RoIAlign, the head's
 * class probabilities and per-class deltas; per class, each RoI's box is decoded with that
 * class's deltas and clipped to the image, scores below `scoreThreshold` dropped and the rest
 * thinned by NMS at `nmsIou` (0.3 in Fast R-CNN's test code); the `maxDetections` best of all
 * classes are kept.
 */
import * as tf from '@tensorflow/tfjs';
import type { Box } from '../datasets/box';
import { decodeBox } from './box-coding';
import { resolveDetectObjectsConfig, type DetectObjectsConfig, type ImageDetection } from './detect-objects';
import { fasterRcnnStride, type FasterRcnnConfig, type FasterRcnnParts } from './faster-rcnn';
import { proposeRegions, testProposalDefaults, type ProposalConfig, type Proposals } from './region-proposals';
import { roiAlign } from './roi-align';

/** Fast R-CNN's test settings: score threshold 0.05, NMS 0.3, 100 detections per image. */
export const fasterRcnnDetectDefaults: DetectObjectsConfig = { scoreThreshold: 0.05, nmsIou: 0.3, topK: 200, maxDetections: 100 };

/** Detections and proposals of each image of `x` [n, H, W, C] (pixel values in [0, 1]). */
export function detectFasterRcnn(
  parts: FasterRcnnParts, anchors: Float32Array, c: FasterRcnnConfig, x: tf.Tensor4D,
  detect: Partial<DetectObjectsConfig> = {}, proposalConfig: Partial<ProposalConfig> = {},
): { detections: ImageDetection[][]; proposals: Proposals[] } {
  const d = resolveDetectObjectsConfig({ ...fasterRcnnDetectDefaults, ...detect });
  const [n, height, width] = x.shape;
  const anchorCount = anchors.length / 4;
  const classes = c.classes;
  let proposals: Proposals[] = [];
  let probs: Float32Array<ArrayBufferLike> = new Float32Array(0);
  let deltas: Float32Array<ArrayBufferLike> = new Float32Array(0);
  tf.tidy(() => {
    const [features, objectness, rpnDeltas] = parts.backbone.apply(x, { training: false }) as [tf.Tensor4D, tf.Tensor2D, tf.Tensor3D];
    const o = objectness.dataSync();
    const t = rpnDeltas.dataSync();
    proposals = Array.from({ length: n }, (_, b) => proposeRegions(
      o.subarray(b * anchorCount, (b + 1) * anchorCount), t.subarray(b * anchorCount * 4, (b + 1) * anchorCount * 4), anchors, width, height, proposalConfig, testProposalDefaults,
    ));
    const rois = proposals.flatMap((p) => p.boxes);
    const imageOf = proposals.flatMap((p, b) => p.boxes.map(() => b));
    if (rois.length === 0) return;
    const pooled = roiAlign(features, rois, imageOf, { poolSize: c.poolSize, samplingRatio: c.samplingRatio, stride: fasterRcnnStride });
    const [classLogits, boxDeltas] = parts.head.apply(pooled, { training: false }) as [tf.Tensor2D, tf.Tensor3D];
    probs = tf.softmax(classLogits).dataSync() as Float32Array;
    deltas = boxDeltas.dataSync() as Float32Array;
  });
  const detections: ImageDetection[][] = [];
  let first = 0;
  for (let b = 0; b < n; b++) {
    const rois = proposals[b].boxes;
    const found: ImageDetection[] = [];
    for (let k = 0; k < classes; k++) {
      const boxes: Box[] = [];
      const scores: number[] = [];
      rois.forEach((roi, j) => {
        const r = first + j;
        const score = probs[r * (classes + 1) + k + 1];
        if (score <= d.scoreThreshold) return;
        const [x0, y0, w, h] = decodeBox(deltas.subarray((r * classes + k) * 4, (r * classes + k) * 4 + 4), [roi[0] + roi[2] / 2, roi[1] + roi[3] / 2, roi[2], roi[3]]);
        const left = Math.min(Math.max(x0, 0), width);
        const top = Math.min(Math.max(y0, 0), height);
        const box: Box = [left, top, Math.min(Math.max(x0 + w, 0), width) - left, Math.min(Math.max(y0 + h, 0), height) - top];
        if (!(box[2] > 0 && box[3] > 0)) return;
        boxes.push(box);
        scores.push(score);
      });
      if (boxes.length === 0) continue;
      const keep = tf.tidy(() => tf.image.nonMaxSuppression(
        tf.tensor2d(boxes.map(([bx, by, bw, bh]) => [by, bx, by + bh, bx + bw]), [boxes.length, 4]), tf.tensor1d(scores), d.topK, d.nmsIou,
      ).dataSync());
      for (const j of keep) found.push({ classIndex: k, score: scores[j], bbox: boxes[j] });
    }
    found.sort((p, q) => q.score - p.score);
    detections.push(found.slice(0, d.maxDetections));
    first += rois.length;
  }
  return { detections, proposals };
}
