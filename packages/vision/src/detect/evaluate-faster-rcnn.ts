/**
 * Faster R-CNN on held-out scenes: its loss (the training loss, with the anchor and RoI
 * samples drawn from a fixed seed so that epochs compare) and the VOC mAP@0.5 of its
 * detections (detect-faster-rcnn.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, SeededRng, ShapeError } from '@deeper/core';
import type { DetectionData } from '../datasets/detection-data';
import { classIndexOf } from './detection-batches';
import { detectFasterRcnn } from './detect-faster-rcnn';
import type { DetectObjectsConfig, ImageDetection } from './detect-objects';
import type { DetectionEvaluation } from './evaluate-detection';
import { fasterRcnnParts, type FasterRcnnConfig } from './faster-rcnn';
import { fasterRcnnLoss, type FasterRcnnScene } from './faster-rcnn-loss';
import { assignRpnTargets } from './rpn-targets';
import { meanAveragePrecision, type Detection, type GroundTruth } from './voc-map';

/** Refuses data whose images or classes differ from the model's. */
export function checkFasterRcnnData(who: string, model: tf.LayersModel, c: FasterRcnnConfig, data: DetectionData): void {
  const [, h, w, ch] = model.inputs[0].shape;
  if (h !== data.height || w !== data.width || ch !== data.channels) throw new ShapeError(who, `images of the model's input shape [${h}, ${w}, ${ch}]`, [data.height, data.width, data.channels]);
  if (c.classes !== data.categories.length) throw new ShapeError(who, `data with the model's ${c.classes} classes`, `${data.categories.length} categories`);
}

/** Every scene's RPN labels, assigned once: anchors and boxes never change. */
export function fasterRcnnScenes(data: DetectionData, anchors: Float32Array): FasterRcnnScene[] {
  return data.objects.map((objects) => ({ objects, rpn: assignRpnTargets(anchors, objects.map((o) => o.bbox), data.width, data.height) }));
}

/** Images `indices` of `data` scaled to [0, 1]. */
export function sceneImages(data: DetectionData, indices: ArrayLike<number>): tf.Tensor4D {
  const size = data.height * data.width * data.channels;
  const x = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) for (let p = 0; p < size; p++) x[i * size + p] = data.images[indices[i] * size + p] / 255;
  return tf.tensor4d(x, [indices.length, data.height, data.width, data.channels]);
}

/** Seed of the evaluation's anchor and RoI samples. */
const evaluationSeed = 0;

export function evaluateFasterRcnn(
  model: tf.LayersModel, anchors: Float32Array, c: FasterRcnnConfig, data: DetectionData, batchSize = 50,
  detect: Partial<DetectObjectsConfig> = {}, scenes: FasterRcnnScene[] | null = null,
): DetectionEvaluation {
  checkInteger('evaluateFasterRcnn', 'batchSize', batchSize);
  checkFasterRcnnData('evaluateFasterRcnn', model, c, data);
  const parts = fasterRcnnParts(model);
  const all = scenes ?? fasterRcnnScenes(data, anchors);
  const classOf = classIndexOf(data);
  const rng = new SeededRng(evaluationSeed);
  let lossSum = 0;
  const detections: ImageDetection[][] = [];
  for (let start = 0; start < data.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, data.count - start) }, (_, i) => start + i);
    const x = sceneImages(data, indices);
    const l = fasterRcnnLoss(parts, anchors, c, x, Array.from(indices, (i) => all[i]), classOf, rng, {}, false);
    lossSum += l.loss.dataSync()[0] * indices.length;
    detections.push(...detectFasterRcnn(parts, anchors, c, x, detect).detections);
    tf.dispose([x, l.loss, l.terms, l.foreground]);
  }
  const found: Detection[] = detections.flatMap((ds, i) => ds.map((d) => ({ imageId: i, categoryId: data.categories[d.classIndex].id, score: d.score, bbox: d.bbox })));
  const truths: GroundTruth[] = data.objects.flatMap((os, i) => os.map((o) => ({ imageId: i, categoryId: o.categoryId, bbox: o.bbox })));
  const m = meanAveragePrecision(found, truths, 0.5);
  return { loss: lossSum / data.count, map50: m.map, apPerCategory: Object.fromEntries([...m.perClass].map(([k, v]) => [String(k), v])), count: data.count, detections };
}
