/**
 * Trains a segmentation network (FCN-8s) as a cold Observable, with `fit`'s events, so that
 * core's subscribers (progressBar, metricsJsonl, lossPlot) and checkpoints work unchanged:
 *
 *   per minibatch:  x, mask ← images and index masks at order[b·B … (b+1)·B)
 *                   L(θ)    = mean per-pixel cross-entropy(mask, FCN(x; θ))
 *                   θ       ← optimizer.step(L)
 *   per epoch:      'epoch' (mean loss, pixel accuracy), then on the test data 'validation'
 *                   (loss, pixel accuracy) and 'segmentation-eval' (IoU per class, mean IoU),
 *                   then a checkpoint (core's atomic train checkpoint; `resume` continues).
 *
 * Batch events' `accuracy` is the minibatch's pixel accuracy. The loop itself (order, Adam,
 * events, checkpoints, resume, unsubscription) is the shared `visionTrainLoop`.
 */
import * as tf from '@tensorflow/tfjs';
import type { Observable } from 'rxjs';
import type { TrainEvent } from '@deeper/core';
import type { SegmentationData } from '../datasets/segmentation-data';
import { resolveVisionTrainConfig, visionTrainDefaults, visionTrainLoop, type VisionTrainConfig, type VisionTrainRuntime } from '../train/vision-train-loop';
import { evaluateSegmentation } from './evaluate-segmentation';
import { pixelCrossEntropy } from './pixel-cross-entropy';
import { checkSegmentationData, segmentationBatch } from './segmentation-batches';

/** The shared loop's config; batches of 16 images (our choice; the paper uses 20-image minibatches of whole images) and Adam at 1e-3 (the paper's SGD at 1e-10 on unnormalised sums does not carry over to a mean loss from scratch). */
export type TrainSegmentationConfig = VisionTrainConfig;

export const trainSegmentationDefaults: TrainSegmentationConfig = { ...visionTrainDefaults };

/** Metrics on the test data after an epoch. */
export interface SegmentationEvalEvent {
  type: 'segmentation-eval';
  epoch: number;
  step: number;
  loss: number;
  meanIou: number;
  meanIouWithBackground: number;
  pixelAccuracy: number;
  iouPerClass: (number | null)[];
}

export type SegmentationEvent = TrainEvent | SegmentationEvalEvent;

const who = 'trainSegmentation';

export function resolveTrainSegmentationConfig(partial: Partial<TrainSegmentationConfig> = {}): TrainSegmentationConfig {
  return resolveVisionTrainConfig(who, trainSegmentationDefaults, partial);
}

/** Trains `model` on `data.train`, evaluating on `data.test` after every epoch when given. */
export function trainSegmentation(model: tf.LayersModel, data: { train: SegmentationData; test?: SegmentationData }, config: Partial<TrainSegmentationConfig> = {}, runtime: VisionTrainRuntime = {}): Observable<SegmentationEvent> {
  const c = resolveTrainSegmentationConfig(config);
  const { train, test } = data;
  checkSegmentationData(`${who} (training data)`, model, train);
  if (test) checkSegmentationData(`${who} (test data)`, model, test);
  const pixels = train.height * train.width;
  return visionTrainLoop<SegmentationEvalEvent>(model, {
    who,
    trainCount: train.count,
    batch(indices) {
      const { x, mask } = segmentationBatch(train, indices);
      let correct: tf.Scalar | undefined;
      return {
        size: indices.length,
        loss() {
          const logits = model.apply(x, { training: true }) as tf.Tensor;
          correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), mask), 'float32')) as tf.Scalar);
          return pixelCrossEntropy(mask, logits);
        },
        score: () => correct!.dataSync()[0] / (indices.length * pixels),
        dispose: () => tf.dispose([x, mask, ...(correct ? [correct] : [])]),
      };
    },
    evaluate: test
      ? (epoch, step) => {
          const e = evaluateSegmentation(model, test, c.evalBatchSize);
          return {
            loss: e.loss, score: e.pixelAccuracy,
            event: { type: 'segmentation-eval', epoch, step, loss: e.loss, meanIou: e.meanIou, meanIouWithBackground: e.meanIouWithBackground, pixelAccuracy: e.pixelAccuracy, iouPerClass: e.iouPerClass },
          };
        }
      : null,
  }, c, runtime);
}
