/**
 * Mean average precision at an IoU threshold, as PASCAL VOC computes it (Everingham et al.
 * 2010, §4.2; from VOC2010 on, the precision envelope integrated over all recall points
 * rather than sampled at 11):
 *   1. per class, sort the detections by descending score;
 *   2. each detection is compared with the ground-truth box of its image and class that it
 *      overlaps most; with IoU ≥ threshold and that box not yet taken it is a true positive
 *      and takes the box, else a false positive (a duplicate, a miss of place or class);
 *   3. precision p(r) from the running counts, made monotone: p̂(r) = max_{r' ≥ r} p(r');
 *   4. AP = Σ (r_k − r_{k−1}) p̂(r_k); mAP = the mean over classes with ground truth.
 */
import { boxIou, type Box } from '../datasets/box';

export interface Detection { imageId: number; categoryId: number; score: number; bbox: Box }
export interface GroundTruth { imageId: number; categoryId: number; bbox: Box }

/** VOC's area under the monotone precision envelope, for recalls and precisions in detection order. */
export function averagePrecision(recall: readonly number[], precision: readonly number[]): number {
  const r = [0, ...recall, 1];
  const p = [0, ...precision, 0];
  for (let i = p.length - 2; i >= 0; i--) p[i] = Math.max(p[i], p[i + 1]);
  let ap = 0;
  for (let i = 1; i < r.length; i++) if (r[i] !== r[i - 1]) ap += (r[i] - r[i - 1]) * p[i];
  return ap;
}

export interface MeanAveragePrecision {
  /** The mean of `perClass` over classes with at least one ground-truth box. */
  map: number;
  /** AP of each category id that has ground truth. */
  perClass: Map<number, number>;
}

/** mAP of `detections` against `truths` at IoU ≥ `iouThreshold` (default 0.5: VOC's mAP@0.5). */
export function meanAveragePrecision(detections: readonly Detection[], truths: readonly GroundTruth[], iouThreshold = 0.5): MeanAveragePrecision {
  const perClass = new Map<number, number>();
  const categories = [...new Set(truths.map((t) => t.categoryId))].sort((a, b) => a - b);
  for (const category of categories) {
    const gt = new Map<number, { bbox: Box; matched: boolean }[]>();
    let positives = 0;
    for (const t of truths) {
      if (t.categoryId !== category) continue;
      if (!gt.has(t.imageId)) gt.set(t.imageId, []);
      gt.get(t.imageId)!.push({ bbox: t.bbox, matched: false });
      positives++;
    }
    const mine = detections.filter((d) => d.categoryId === category).sort((a, b) => b.score - a.score);
    let tp = 0;
    let fp = 0;
    const recall: number[] = [];
    const precision: number[] = [];
    for (const d of mine) {
      const boxes = gt.get(d.imageId) ?? [];
      let best = -1;
      let bestIou = -Infinity;
      boxes.forEach((g, i) => {
        const iou = boxIou(d.bbox, g.bbox);
        if (iou > bestIou) {
          best = i;
          bestIou = iou;
        }
      });
      if (best >= 0 && bestIou >= iouThreshold && !boxes[best].matched) {
        boxes[best].matched = true;
        tp++;
      } else fp++;
      recall.push(tp / positives);
      precision.push(tp / (tp + fp));
    }
    perClass.set(category, averagePrecision(recall, precision));
  }
  const values = [...perClass.values()];
  return { map: values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length, perClass };
}
