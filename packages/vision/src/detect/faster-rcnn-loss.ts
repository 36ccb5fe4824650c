/**
 * Faster R-CNN's loss for one minibatch in approximate joint training (Ren et al. 2015, §3.2
 * (ii)): one forward pass through the shared backbone feeds both the RPN loss and the
 * detection head's loss, and their sum is minimised together; the proposals between them are
 * treated as constants (no derivative with respect to their coordinates).
 *
 *   RPN (eq. 1):  L_rpn  = (1/N) Σ_{sampled anchors i} BCE(p_i, p*_i) + (1/N) Σ_i p*_i smoothL1(t_i − t*_i)
 *                 N = anchors sampled (256 per image); the paper's λ = 10 with N_reg ≈ 2,400
 *                 weighs the two terms about equally, as dividing both by N does here
 *   proposals:    decode, clip, NMS (region-proposals.ts), no gradient
 *   head:         sampled RoIs (roi-targets.ts) → RoIAlign → fc, fc →
 *                 L_head = (1/R) Σ_r −log softmax(c_r)[u_r] + (1/R) Σ_{r: u_r ≥ 1} smoothL1(t_r^{u_r} − v_r)
 *                 (Fast R-CNN eq. 1 with λ = 1; only the ground-truth class's deltas regress)
 *   L = L_rpn + L_head
 */
import * as tf from '@tensorflow/tfjs';
import type { SeededRng } from '@deeper/core';
import type { Box } from '../datasets/box';
import type { DetectionObject } from '../datasets/detection-data';
import type { FasterRcnnConfig, FasterRcnnParts } from './faster-rcnn';
import { fasterRcnnStride } from './faster-rcnn';
import { smoothL1 } from './multibox-loss';
import { proposeRegions, trainProposalDefaults, type ProposalConfig } from './region-proposals';
import { roiAlign } from './roi-align';
import { sampleRois, type RoiSampleConfig } from './roi-targets';
import { sampleAnchors, type AnchorSampleConfig, type RpnTargets } from './rpn-targets';

/** One training scene: its objects and its anchors' precomputed RPN labels. */
export interface FasterRcnnScene { objects: readonly DetectionObject[]; rpn: RpnTargets }

/** What the training step samples: the RPN minibatch, the training proposals, the head's RoIs. */
export interface FasterRcnnSampling {
  anchorSample: Partial<AnchorSampleConfig>;
  proposals: Partial<ProposalConfig>;
  roiSample: Partial<RoiSampleConfig>;
}

/** The loss and, kept outside any tidy, its four terms [rpn class, rpn box, head class, head box] and [right foreground RoIs, foreground RoIs]. */
export interface FasterRcnnLoss { loss: tf.Scalar; terms: tf.Tensor1D; foreground: tf.Tensor1D }

/** Numerically stable binary cross-entropy of logits z against targets p: max(z, 0) − z·p + log(1 + e^{−|z|}). */
const binaryCrossEntropyWithLogits = (z: tf.Tensor, p: tf.Tensor) => tf.add(tf.sub(tf.relu(z), tf.mul(z, p)), tf.softplus(tf.neg(tf.abs(z))));

/**
 * The loss of images `x` [n, H, W, C] with `scenes`; `classOf` maps category ids to 0…K−1.
 * Runs under the optimizer's gradient tape; `training` sets batch norm's mode.
 */
export function fasterRcnnLoss(
  parts: FasterRcnnParts, anchors: Float32Array, c: FasterRcnnConfig, x: tf.Tensor4D, scenes: readonly FasterRcnnScene[],
  classOf: (categoryId: number) => number, rng: SeededRng, sampling: Partial<FasterRcnnSampling> = {}, training = true,
): FasterRcnnLoss {
  const [n, height, width] = x.shape;
  const anchorCount = anchors.length / 4;
  const kept: tf.Tensor[] = [];
  const loss = tf.tidy(() => {
    const [features, objectness, deltas] = parts.backbone.apply(x, { training }) as [tf.Tensor4D, tf.Tensor2D, tf.Tensor3D];
    // The RPN minibatch: 256 anchors per image, up to half positive.
    const sampledWeight = new Float32Array(n * anchorCount);
    const positiveTarget = new Float32Array(n * anchorCount);
    const rpnOffsets = new Float32Array(n * anchorCount * 4);
    scenes.forEach((s, b) => {
      sampleAnchors(s.rpn.labels, rng, sampling.anchorSample).forEach((l, i) => {
        if (l < 0) return;
        sampledWeight[b * anchorCount + i] = 1;
        positiveTarget[b * anchorCount + i] = l;
      });
      rpnOffsets.set(s.rpn.offsets, b * anchorCount * 4);
    });
    const sampledCount = Math.max(1, sampledWeight.reduce((a, v) => a + v, 0));
    const w = tf.tensor2d(sampledWeight, [n, anchorCount]);
    const pStar = tf.tensor2d(positiveTarget, [n, anchorCount]);
    const rpnClass = tf.div(tf.sum(tf.mul(w, binaryCrossEntropyWithLogits(objectness, pStar))), sampledCount);
    const rpnBox = tf.div(tf.sum(tf.mul(tf.mul(w, pStar), tf.sum(smoothL1(tf.sub(deltas, tf.tensor3d(rpnOffsets, [n, anchorCount, 4]))), -1))), sampledCount);
    // Proposals from this pass's RPN, as constants.
    const objectnessValues = objectness.dataSync();
    const deltaValues = deltas.dataSync();
    const rois: Box[] = [];
    const imageOf: number[] = [];
    const labels: number[] = [];
    const offsets: number[] = [];
    scenes.forEach((s, b) => {
      const proposals = proposeRegions(
        objectnessValues.subarray(b * anchorCount, (b + 1) * anchorCount), deltaValues.subarray(b * anchorCount * 4, (b + 1) * anchorCount * 4),
        anchors, width, height, sampling.proposals, trainProposalDefaults,
      );
      const t = sampleRois(proposals.boxes, s.objects, classOf, rng, sampling.roiSample);
      rois.push(...t.rois);
      imageOf.push(...t.rois.map(() => b));
      labels.push(...t.labels);
      offsets.push(...t.offsets);
    });
    const pooled = roiAlign(features, rois, imageOf, { poolSize: c.poolSize, samplingRatio: c.samplingRatio, stride: fasterRcnnStride });
    const [classLogits, boxDeltas] = parts.head.apply(pooled, { training }) as [tf.Tensor2D, tf.Tensor3D];
    const r = Math.max(1, rois.length);
    const u = tf.tensor1d(labels, 'int32');
    const headClass = tf.div(tf.neg(tf.sum(tf.mul(tf.oneHot(u, c.classes + 1), tf.logSoftmax(classLogits)))), r);
    // The ground-truth class's deltas: a one-hot over K of u − 1 (all zero for background).
    const classMask = new Float32Array(rois.length * c.classes);
    labels.forEach((label, k) => {
      if (label > 0) classMask[k * c.classes + label - 1] = 1;
    });
    const ofClass = tf.sum(tf.mul(boxDeltas, tf.tensor3d(classMask, [rois.length, c.classes, 1])), 1);
    const isForeground = tf.cast(tf.greater(u, 0), 'float32');
    const headBox = tf.div(tf.sum(tf.mul(isForeground, tf.sum(smoothL1(tf.sub(ofClass, tf.tensor2d(offsets, [rois.length, 4]))), -1))), r);
    kept.push(tf.keep(tf.stack([rpnClass, rpnBox, headClass, headBox])));
    kept.push(tf.keep(tf.stack([tf.sum(tf.mul(isForeground, tf.cast(tf.equal(tf.argMax(classLogits, -1), u), 'float32'))), tf.sum(isForeground)])));
    return tf.addN([rpnClass, rpnBox, headClass, headBox]) as tf.Scalar;
  });
  return { loss, terms: kept[0] as tf.Tensor1D, foreground: kept[1] as tf.Tensor1D };
}
