/**
 * The detection head's training RoIs (Girshick 2015, "Fast R-CNN", §2.3 "Mini-batch
 * sampling", as Faster R-CNN's py-faster-rcnn proposal_target_layer runs it): the proposals
 * plus the ground-truth boxes are the candidates; those with IoU ≥ 0.5 with a ground-truth box
 * are foreground and take its class, those with IoU in [0, 0.5) background (Fast R-CNN used
 * [0.1, 0.5); py-faster-rcnn lowers it to 0 for Faster R-CNN). An image contributes
 * `roisPerImage` RoIs, at most 25 % foreground, drawn at random; a foreground RoI's targets
 * are its box's offsets (box-coding.ts, whose variances are py-faster-rcnn's
 * BBOX_NORMALIZE_STDS 0.1, 0.1, 0.2, 0.2).
 */
import { checkInteger, checkNumber, resolveConfig, type SeededRng } from '@deeper/core';
import { boxIou, type Box } from '../datasets/box';
import type { DetectionObject } from '../datasets/detection-data';
import { encodeBox } from './box-coding';
import { drawWithoutReplacement } from './rpn-targets';

export interface RoiSampleConfig {
  /** RoIs per image; default 32 (Fast R-CNN: 64 of 128 per 2 images; our scenes hold at most 6 objects). */
  roisPerImage: number;
  /** Largest foreground share; default 0.25 (Fast R-CNN). */
  foregroundFraction: number;
  /** IoU at or above which a RoI is foreground; default 0.5 (Fast R-CNN). */
  foregroundIou: number;
}

export const roiSampleDefaults: RoiSampleConfig = { roisPerImage: 32, foregroundFraction: 0.25, foregroundIou: 0.5 };

export function resolveRoiSampleConfig(partial: Partial<RoiSampleConfig> = {}): RoiSampleConfig {
  const who = 'sampleRois';
  const c = resolveConfig(who, roiSampleDefaults, partial);
  checkInteger(who, 'roisPerImage', c.roisPerImage);
  checkNumber(who, 'foregroundFraction', c.foregroundFraction, 0, 1);
  checkNumber(who, 'foregroundIou', c.foregroundIou, 0, 1);
  return c;
}

/** One image's sampled RoIs: label 0 background or 1 + class index, and 4 offsets (zero for background). */
export interface RoiTargets { rois: Box[]; labels: Int32Array; offsets: Float32Array }

/** Samples the RoIs of an image with `objects` from its `proposals`; `classOf` maps category ids to 0…K−1. */
export function sampleRois(proposals: readonly Box[], objects: readonly DetectionObject[], classOf: (categoryId: number) => number, rng: SeededRng, config: Partial<RoiSampleConfig> = {}): RoiTargets {
  const c = resolveRoiSampleConfig(config);
  const candidates = [...proposals, ...objects.map((o) => o.bbox)];
  const owner = new Int32Array(candidates.length).fill(-1);
  const foreground: number[] = [];
  const background: number[] = [];
  candidates.forEach((box, i) => {
    let best = 0;
    objects.forEach((o, j) => {
      const iou = boxIou(box, o.bbox);
      if (iou > best) {
        best = iou;
        owner[i] = j;
      }
    });
    (best >= c.foregroundIou ? foreground : background).push(i);
  });
  const kept = drawWithoutReplacement(foreground, Math.round(c.roisPerImage * c.foregroundFraction), rng);
  const fgCount = kept.length;
  kept.push(...drawWithoutReplacement(background, c.roisPerImage - fgCount, rng));
  const labels = new Int32Array(kept.length);
  const offsets = new Float32Array(kept.length * 4);
  const rois = kept.map((i, k): Box => {
    const box = candidates[i];
    if (k < fgCount) {
      const o = objects[owner[i]];
      labels[k] = 1 + classOf(o.categoryId);
      offsets.set(encodeBox(o.bbox, [box[0] + box[2] / 2, box[1] + box[3] / 2, box[2], box[3]]), k * 4);
    }
    return box;
  });
  return { rois, labels, offsets };
}
