/**
 * Trains the single-shot detector with the shared loop (visionTrainLoop: order, Adam, `fit`'s
 * events, checkpoints, resume):
 *   per minibatch:  targets ← SSD matching of the default boxes (precomputed per image)
 *                   L(θ)    = MultiBox loss (smooth L1 + cross-entropy with 3:1 hard negatives)
 *                   θ       ← Adam step on L
 *   per epoch:      on the test scenes 'validation' (loss, mAP@0.5) and 'detection-eval'.
 * Batch events' `accuracy` is the fraction of matched default boxes whose top class is right.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainEvent } from '@deeper/core';
import type { Observable } from 'rxjs';
import type { DetectionData } from '../datasets/detection-data';
import { resolveVisionTrainConfig, visionTrainDefaults, visionTrainLoop, type VisionTrainConfig, type VisionTrainRuntime } from '../train/vision-train-loop';
import { checkDetectionData, detectionBatch, detectionTargets } from './detection-batches';
import { evaluateDetection } from './evaluate-detection';
import { multiboxLoss } from './multibox-loss';

/** The shared loop's config; batches of 16 and Adam at 1e-3 (SSD: SGD with momentum 0.9 at 1e-3, batch 32, from ImageNet weights). */
export type TrainDetectionConfig = VisionTrainConfig;

export const trainDetectionDefaults: TrainDetectionConfig = { ...visionTrainDefaults };

/** mAP on the test scenes after an epoch. */
export interface DetectionEvalEvent {
  type: 'detection-eval';
  epoch: number;
  step: number;
  loss: number;
  map50: number;
  apPerCategory: Record<string, number>;
}

export type DetectionEvent = TrainEvent | DetectionEvalEvent;

const who = 'trainDetection';

export function resolveTrainDetectionConfig(partial: Partial<TrainDetectionConfig> = {}): TrainDetectionConfig {
  return resolveVisionTrainConfig(who, trainDetectionDefaults, partial);
}

export function trainDetection(model: tf.LayersModel, anchors: Float32Array, data: { train: DetectionData; test?: DetectionData }, config: Partial<TrainDetectionConfig> = {}, runtime: VisionTrainRuntime = {}): Observable<DetectionEvent> {
  const c = resolveTrainDetectionConfig(config);
  const { train, test } = data;
  checkDetectionData(`${who} (training data)`, model, anchors, train);
  if (test) checkDetectionData(`${who} (test data)`, model, anchors, test);
  const targets = detectionTargets(train, anchors);
  const testTargets = test ? detectionTargets(test, anchors) : null;
  return visionTrainLoop<DetectionEvalEvent>(model, {
    who,
    trainCount: train.count,
    batch(indices) {
      const { x, labels, offsets } = detectionBatch(train, targets, indices);
      let right: tf.Tensor | undefined;
      return {
        size: indices.length,
        loss() {
          const outputs = model.apply(x, { training: true }) as tf.Tensor3D;
          const classes = (outputs.shape[2] as number) - 4;
          right = tf.keep(tf.tidy(() => {
            const positive = tf.greater(labels, 0);
            const hit = tf.logicalAnd(positive, tf.equal(tf.argMax(tf.slice(outputs, [0, 0, 0], [-1, -1, classes]), -1), labels));
            return tf.stack([tf.sum(tf.cast(hit, 'float32')), tf.sum(tf.cast(positive, 'float32'))]);
          }));
          return multiboxLoss(outputs, labels, offsets);
        },
        score() {
          const [hits, positives] = right!.dataSync();
          return positives > 0 ? hits / positives : 0;
        },
        dispose: () => tf.dispose([x, labels, offsets, ...(right ? [right] : [])]),
      };
    },
    evaluate: test
      ? (epoch, step) => {
          const e = evaluateDetection(model, anchors, test, c.evalBatchSize, {}, testTargets);
          return { loss: e.loss, score: e.map50, event: { type: 'detection-eval', epoch, step, loss: e.loss, map50: e.map50, apPerCategory: e.apPerCategory } };
        }
      : null,
  }, c, runtime);
}
