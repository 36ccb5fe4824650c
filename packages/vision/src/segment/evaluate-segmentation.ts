/**
 * A segmentation model on held-out data: mean per-pixel cross-entropy and the metrics of
 * segmentation-metrics.ts, in forward passes with dropout and batch-norm updates off.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '@deeper/core';
import type { SegmentationData } from '../datasets/segmentation-data';
import { pixelCrossEntropy } from './pixel-cross-entropy';
import { checkSegmentationData, segmentationBatch } from './segmentation-batches';
import { ConfusionMatrix, segmentationMetrics, type SegmentationMetrics } from './segmentation-metrics';

export interface SegmentationEvaluation extends SegmentationMetrics {
  loss: number;
  count: number;
}

/** The predicted class of every pixel of `x` [n, h, w, c]: argmax of the model's scores. */
export function predictMasks(model: tf.LayersModel, x: tf.Tensor4D): Int32Array {
  return tf.tidy(() => tf.argMax(model.apply(x, { training: false }) as tf.Tensor, -1).dataSync() as Int32Array);
}

/** Loss and metrics of `model` on all of `data`, `batchSize` images per forward pass. */
export function evaluateSegmentation(model: tf.LayersModel, data: SegmentationData, batchSize = 50): SegmentationEvaluation {
  checkInteger('evaluateSegmentation', 'batchSize', batchSize);
  checkSegmentationData('evaluateSegmentation', model, data);
  const matrix = new ConfusionMatrix(data.classNames.length);
  let lossSum = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, data.count - start) }, (_, i) => start + i);
    const { x, mask } = segmentationBatch(data, indices);
    const [loss, predicted] = tf.tidy(() => {
      const logits = model.apply(x, { training: false }) as tf.Tensor;
      return [pixelCrossEntropy(mask, logits), tf.argMax(logits, -1)];
    });
    lossSum += loss.dataSync()[0] * indices.length;
    matrix.add(mask.dataSync(), predicted.dataSync());
    tf.dispose([x, mask, loss, predicted]);
  }
  return { loss: lossSum / data.count, count: data.count, ...segmentationMetrics(matrix) };
}
