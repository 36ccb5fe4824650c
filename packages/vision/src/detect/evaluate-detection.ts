/** The detector on held-out scenes: its MultiBox loss and VOC mAP@0.5 of its detections. */
import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '@deeper/core';
import type { DetectionData } from '../datasets/detection-data';
import { checkDetectionData, detectionBatch, detectionTargets, type DetectionTargets } from './detection-batches';
import { detectObjects, type DetectObjectsConfig, type ImageDetection } from './detect-objects';
import { multiboxLoss } from './multibox-loss';
import { meanAveragePrecision, type Detection, type GroundTruth } from './voc-map';

export interface DetectionEvaluation {
  loss: number;
  /** VOC mAP at IoU 0.5. */
  map50: number;
  /** AP of each category id with ground truth. */
  apPerCategory: Record<string, number>;
  count: number;
  /** Every image's detections. */
  detections: ImageDetection[][];
}

export function evaluateDetection(model: tf.LayersModel, anchors: Float32Array, data: DetectionData, batchSize = 50, detect: Partial<DetectObjectsConfig> = {}, targets: DetectionTargets | null = null): DetectionEvaluation {
  checkInteger('evaluateDetection', 'batchSize', batchSize);
  checkDetectionData('evaluateDetection', model, anchors, data);
  const t = targets ?? detectionTargets(data, anchors);
  let lossSum = 0;
  const detections: ImageDetection[][] = [];
  for (let start = 0; start < data.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, data.count - start) }, (_, i) => start + i);
    const { x, labels, offsets } = detectionBatch(data, t, indices);
    const outputs = tf.tidy(() => model.apply(x, { training: false }) as tf.Tensor3D);
    const loss = multiboxLoss(outputs, labels, offsets);
    lossSum += loss.dataSync()[0] * indices.length;
    detections.push(...detectObjects(outputs, anchors, data.width, data.height, detect));
    tf.dispose([x, labels, offsets, outputs, loss]);
  }
  const found: Detection[] = detections.flatMap((ds, i) => ds.map((d) => ({ imageId: i, categoryId: data.categories[d.classIndex].id, score: d.score, bbox: d.bbox })));
  const truths: GroundTruth[] = data.objects.flatMap((os, i) => os.map((o) => ({ imageId: i, categoryId: o.categoryId, bbox: o.bbox })));
  const m = meanAveragePrecision(found, truths, 0.5);
  return { loss: lossSum / data.count, map50: m.map, apPerCategory: Object.fromEntries([...m.perClass].map(([k, v]) => [String(k), v])), count: data.count, detections };
}
