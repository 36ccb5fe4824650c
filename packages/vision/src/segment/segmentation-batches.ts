/**
 * Minibatches of a `SegmentationData`: images scaled to [0, 1] as float32 [n, h, w, c], masks
 * as int32 [n, h, w]. Checks once that the data fits the model.
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@deeper/core';
import type { SegmentationData } from '../datasets/segmentation-data';

/** Refuses data whose image size, channels or classes differ from the model's. */
export function checkSegmentationData(who: string, model: tf.LayersModel, data: SegmentationData): void {
  const [, h, w, c] = model.inputs[0].shape;
  if (h !== data.height || w !== data.width || c !== data.channels) {
    throw new ShapeError(who, `images of the model's input shape [${h}, ${w}, ${c}]`, [data.height, data.width, data.channels]);
  }
  const classes = model.outputs[0].shape[3];
  if (classes !== data.classNames.length) throw new ShapeError(who, `data with the model's ${classes} classes (classes.json)`, `${data.classNames.length} classes`);
}

/** The images and masks at `indices`. */
export function segmentationBatch(data: SegmentationData, indices: ArrayLike<number>): { x: tf.Tensor4D; mask: tf.Tensor3D } {
  const n = indices.length;
  const pixels = data.height * data.width;
  const size = pixels * data.channels;
  const x = new Float32Array(n * size);
  const mask = new Int32Array(n * pixels);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    for (let p = 0; p < size; p++) x[i * size + p] = data.images[j * size + p] / 255;
    mask.set(data.masks.subarray(j * pixels, (j + 1) * pixels), i * pixels);
  }
  return { x: tf.tensor4d(x, [n, data.height, data.width, data.channels]), mask: tf.tensor3d(mask, [n, data.height, data.width], 'int32') };
}
