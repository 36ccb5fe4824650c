/**
 * Trains Faster R-CNN by approximate joint training (Ren et al. 2015, §3.2 (ii)) with the
 * shared loop (visionTrainLoop: order, Adam, `fit`'s events, checkpoints, resume):
 *   per minibatch:  backbone → RPN loss on 256 sampled anchors per image
 *                   → proposals (constants) → 32 sampled RoIs per image → RoIAlign → head loss
 *                   θ ← Adam step on L_rpn + L_head (faster-rcnn-loss.ts)
 *   per epoch:      on the test scenes 'validation' (loss, mAP@0.5) and 'detection-eval'.
 * Approximate joint rather than the paper's 4-step alternating training: one network and one
 * run, so the loop's checkpoints and resume apply unchanged, and the paper reports it
 * "produces close results" while taking 25–50 % less time (§3.2). Batch events' `accuracy`
 * is the fraction of foreground RoIs whose top class is right.
 *
 * The anchor and RoI samples come from a SeededRng seeded by the run's seed and the
 * minibatch's scene indices (which the loop's recorded order fixes), so a resumed run draws
 * the same samples as an uninterrupted one.
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRng } from '@deeper/core';
import type { Observable } from 'rxjs';
import type { DetectionData } from '../datasets/detection-data';
import { resolveVisionTrainConfig, visionTrainDefaults, visionTrainLoop, type VisionTrainConfig, type VisionTrainRuntime } from '../train/vision-train-loop';
import { classIndexOf } from './detection-batches';
import { checkFasterRcnnData, evaluateFasterRcnn, fasterRcnnScenes, sceneImages } from './evaluate-faster-rcnn';
import { fasterRcnnParts, type FasterRcnnConfig } from './faster-rcnn';
import { fasterRcnnLoss, type FasterRcnnSampling } from './faster-rcnn-loss';
import type { DetectionEvalEvent, DetectionEvent } from './train-detection';

/** The shared loop's config; batches of 16 and Adam at 1e-3 (the paper: SGD with momentum 0.9 at 1e-3, one image per step, from ImageNet weights). */
export type TrainFasterRcnnConfig = VisionTrainConfig;

export const trainFasterRcnnDefaults: TrainFasterRcnnConfig = { ...visionTrainDefaults };

const who = 'trainFasterRcnn';

export function resolveTrainFasterRcnnConfig(partial: Partial<TrainFasterRcnnConfig> = {}): TrainFasterRcnnConfig {
  return resolveVisionTrainConfig(who, trainFasterRcnnDefaults, partial);
}

/** A seed from the run's seed and the minibatch's scene indices (FNV-1a over both). */
function minibatchSeed(seed: number, indices: Int32Array): number {
  let h = 0x811c9dc5 ^ seed;
  for (const i of indices) h = Math.imul(h ^ i, 0x01000193);
  return h >>> 0;
}

export function trainFasterRcnn(
  model: tf.LayersModel, anchors: Float32Array, modelConfig: FasterRcnnConfig, data: { train: DetectionData; test?: DetectionData },
  config: Partial<TrainFasterRcnnConfig> = {}, runtime: VisionTrainRuntime = {}, sampling: Partial<FasterRcnnSampling> = {},
): Observable<DetectionEvent> {
  const c = resolveTrainFasterRcnnConfig(config);
  const { train, test } = data;
  checkFasterRcnnData(`${who} (training data)`, model, modelConfig, train);
  if (test) checkFasterRcnnData(`${who} (test data)`, model, modelConfig, test);
  const parts = fasterRcnnParts(model);
  const scenes = fasterRcnnScenes(train, anchors);
  const testScenes = test ? fasterRcnnScenes(test, anchors) : null;
  const classOf = classIndexOf(train);
  return visionTrainLoop<DetectionEvalEvent>(model, {
    who,
    trainCount: train.count,
    batch(indices) {
      const x = sceneImages(train, indices);
      const rng = new SeededRng(minibatchSeed(c.seed, indices));
      let kept: tf.Tensor[] = [];
      return {
        size: indices.length,
        loss() {
          const l = fasterRcnnLoss(parts, anchors, modelConfig, x, Array.from(indices, (i) => scenes[i]), classOf, rng, sampling, true);
          kept = [l.terms, l.foreground];
          return l.loss;
        },
        score() {
          const [right, foreground] = kept[1].dataSync();
          return foreground > 0 ? right / foreground : 0;
        },
        dispose: () => tf.dispose([x, ...kept]),
      };
    },
    evaluate: test
      ? (epoch, step) => {
          const e = evaluateFasterRcnn(model, anchors, modelConfig, test, c.evalBatchSize, {}, testScenes);
          return { loss: e.loss, score: e.map50, event: { type: 'detection-eval', epoch, step, loss: e.loss, map50: e.map50, apPerCategory: e.apPerCategory } };
        }
      : null,
  }, c, runtime);
}
