/**
 * Minibatches of a `DetectionData` for the single-shot detector: images scaled to [0, 1],
 * and every default box's label and regression targets (match-anchors.ts), matched once for
 * the whole set, since the default boxes never change.
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@deeper/core';
import { VisionDataError } from '../errors';
import type { DetectionData } from '../datasets/detection-data';
import { matchAnchors } from './match-anchors';

/** Every image's default-box targets. */
export interface DetectionTargets {
  labels: Int32Array;
  offsets: Float32Array;
  anchorCount: number;
}

/** Class index of each category id: categories in the order the data lists them. */
export function classIndexOf(data: DetectionData): (categoryId: number) => number {
  const index = new Map(data.categories.map((c, i) => [c.id, i]));
  return (id) => {
    const k = index.get(id);
    if (k === undefined) throw new VisionDataError('classIndexOf', 'the detection data', null, `a category id among ${[...index.keys()].join(', ')}`, String(id));
    return k;
  };
}

/** Refuses data whose images or classes differ from the model's. */
export function checkDetectionData(who: string, model: tf.LayersModel, anchors: Float32Array, data: DetectionData): void {
  const [, h, w, c] = model.inputs[0].shape;
  if (h !== data.height || w !== data.width || c !== data.channels) throw new ShapeError(who, `images of the model's input shape [${h}, ${w}, ${c}]`, [data.height, data.width, data.channels]);
  const [, count, channels] = model.outputs[0].shape;
  if (count !== anchors.length / 4) throw new ShapeError(who, `default boxes for the model's ${count} outputs`, [anchors.length / 4]);
  if ((channels as number) - 5 !== data.categories.length) throw new ShapeError(who, `data with the model's ${(channels as number) - 5} classes`, `${data.categories.length} categories`);
}

export function detectionTargets(data: DetectionData, anchors: Float32Array): DetectionTargets {
  const anchorCount = anchors.length / 4;
  const labels = new Int32Array(data.count * anchorCount);
  const offsets = new Float32Array(data.count * anchorCount * 4);
  const classOf = classIndexOf(data);
  data.objects.forEach((objects, i) => {
    const t = matchAnchors(anchors, objects, classOf);
    labels.set(t.labels, i * anchorCount);
    offsets.set(t.offsets, i * anchorCount * 4);
  });
  return { labels, offsets, anchorCount };
}

/** The images and targets at `indices`. */
export function detectionBatch(data: DetectionData, targets: DetectionTargets, indices: ArrayLike<number>): { x: tf.Tensor4D; labels: tf.Tensor2D; offsets: tf.Tensor3D } {
  const n = indices.length;
  const size = data.height * data.width * data.channels;
  const a = targets.anchorCount;
  const x = new Float32Array(n * size);
  const labels = new Int32Array(n * a);
  const offsets = new Float32Array(n * a * 4);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    for (let p = 0; p < size; p++) x[i * size + p] = data.images[j * size + p] / 255;
    labels.set(targets.labels.subarray(j * a, (j + 1) * a), i * a);
    offsets.set(targets.offsets.subarray(j * a * 4, (j + 1) * a * 4), i * a * 4);
  }
  return {
    x: tf.tensor4d(x, [n, data.height, data.width, data.channels]),
    labels: tf.tensor2d(labels, [n, a], 'int32'),
    offsets: tf.tensor3d(offsets, [n, a, 4]),
  };
}
