/**
 * From the detector's outputs to detections (Liu et al. 2016, §3 "Inference"): per class,
 * the default boxes whose softmax score exceeds `scoreThreshold` are decoded, clipped to the
 * image and thinned by non-maximum suppression at IoU `nmsIou` (tfjs's
 * `tf.image.nonMaxSuppression`); the `maxDetections` best of all classes are kept.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, resolveConfig } from '@deeper/core';
import type { Box } from '../datasets/box';
import { decodeBox } from './box-coding';

export interface DetectObjectsConfig {
  /** Smallest class score kept; default 0.01 (SSD's reference code). */
  scoreThreshold: number;
  /** Suppress boxes overlapping a better one of the same class at IoU above this; default 0.45 (SSD). */
  nmsIou: number;
  /** Candidates per class before suppression; default 200 (SSD's top_k). */
  topK: number;
  /** Detections kept per image; default 100 (SSD's keep_top_k is 200 for VOC's larger scenes). */
  maxDetections: number;
}

export const detectObjectsDefaults: DetectObjectsConfig = { scoreThreshold: 0.01, nmsIou: 0.45, topK: 200, maxDetections: 100 };

export function resolveDetectObjectsConfig(partial: Partial<DetectObjectsConfig> = {}): DetectObjectsConfig {
  const who = 'detectObjects';
  const c = resolveConfig(who, detectObjectsDefaults, partial);
  checkNumber(who, 'scoreThreshold', c.scoreThreshold, 0, 1);
  checkNumber(who, 'nmsIou', c.nmsIou, 0, 1);
  checkInteger(who, 'topK', c.topK);
  checkInteger(who, 'maxDetections', c.maxDetections);
  return c;
}

/** A detection in one image: class index 0…K−1, score, COCO box. */
export interface ImageDetection { classIndex: number; score: number; bbox: Box }

/**
 * Detections of every image in `outputs` [n, anchors, K + 5] (the detector's output for n
 * images of `width` × `height`).
 */
export function detectObjects(outputs: tf.Tensor3D, anchors: Float32Array, width: number, height: number, config: Partial<DetectObjectsConfig> = {}): ImageDetection[][] {
  const c = resolveDetectObjectsConfig(config);
  const [n, count, channels] = outputs.shape;
  const classes = channels - 4;
  const probs = tf.tidy(() => tf.softmax(tf.slice(outputs, [0, 0, 0], [n, count, classes])).dataSync());
  const offsets = tf.tidy(() => tf.slice(outputs, [0, 0, classes], [n, count, 4]).dataSync());
  const result: ImageDetection[][] = [];
  for (let b = 0; b < n; b++) {
    const found: ImageDetection[] = [];
    for (let k = 1; k < classes; k++) {
      let candidates: number[] = [];
      for (let i = 0; i < count; i++) if (probs[(b * count + i) * classes + k] > c.scoreThreshold) candidates.push(i);
      if (candidates.length === 0) continue;
      candidates.sort((p, q) => probs[(b * count + q) * classes + k] - probs[(b * count + p) * classes + k]);
      candidates = candidates.slice(0, c.topK);
      const boxes = candidates.map((i): Box => {
        const [x, y, w, h] = decodeBox(offsets.subarray((b * count + i) * 4, (b * count + i) * 4 + 4), anchors.subarray(i * 4, i * 4 + 4));
        const x0 = Math.max(0, x);
        const y0 = Math.max(0, y);
        return [x0, y0, Math.max(0, Math.min(width, x + w) - x0), Math.max(0, Math.min(height, y + h) - y0)];
      });
      const scores = candidates.map((i) => probs[(b * count + i) * classes + k]);
      const keep = tf.tidy(() => tf.image.nonMaxSuppression(
        tf.tensor2d(boxes.map(([x, y, w, h]) => [y, x, y + h, x + w]), [boxes.length, 4]), tf.tensor1d(scores), c.topK, c.nmsIou,
      ).dataSync());
      for (const j of keep) if (boxes[j][2] > 0 && boxes[j][3] > 0) found.push({ classIndex: k - 1, score: scores[j], bbox: boxes[j] });
    }
    found.sort((p, q) => q.score - p.score);
    result.push(found.slice(0, c.maxDetections));
  }
  return result;
}
