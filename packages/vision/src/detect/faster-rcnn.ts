/**
 * Faster R-CNN (Ren et al. 2015, "Faster R-CNN: Towards Real-Time Object Detection with
 * Region Proposal Networks", Fig. 2) on core's VGG stages, sized for the 128×128
 * MNIST-detection scenes:
 *
 *   backbone   stage1…stage3 ← vggStack (3×3 convolutions, batch norm, 2×2 max-pool): a 16×16 map, stride 8
 *   RPN        3×3 convolution (ReLU), then per anchor (k = heights × aspect ratios per cell)
 *              a 1×1 convolution to 1 objectness logit and one to 4 box deltas (§3.1)
 *   RoIAlign   7×7 bins of each proposal on the stride-8 map (roi-align.ts)
 *   head       fc → ReLU → fc → ReLU, then K + 1 class logits (background first) and
 *              4 deltas per class (Fast R-CNN, Fig. 1)
 *
 * The network is one LayersModel with two inputs — the image and the pooled RoIs — and five
 * outputs: the feature map, the RPN's objectness [n, A] and deltas [n, A, 4], the head's
 * class logits [R, K + 1] and per-class deltas [R, K, 4]. Its two halves, which never meet
 * inside the graph (proposals, their NMS and RoIAlign run between them, as data), are the
 * `fasterRcnnParts`; all three share the same layers, so one model saves, loads and trains
 * every weight. Run the parts, not the whole model's `predict`: its two inputs have different
 * batch sizes (images and RoIs), which `predict`'s batching does not expect.
 *
 * Deviations (reasons in docs/results/vision.md): a small three-stage VGG from scratch with
 * batch norm instead of ImageNet VGG-16 (stride 16, conv5_3 features); RPN width 64 not 512;
 * fc layers of 256 not 4096; anchors of heights 12, 20, 32 px and aspect ratios (w/h) 1, 0.6,
 * 0.3 for upright digits instead of 128², 256², 512² × 1:1, 1:2, 2:1; the objectness as one
 * logistic logit per anchor (the paper's alternative to a 2-way softmax, §3.1); RoIAlign
 * (Mask R-CNN) instead of RoI max pooling.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, ConfigError, convBnRelu, resolveConfig, vggStack } from '@deeper/core';
import { anchorsPerCell, ssdAnchors, type AnchorGrid } from './anchors';

export interface FasterRcnnConfig {
  /** Object classes (background not counted); default 10 (digits). */
  classes: number;
  /** Input [height, width, channels]; default [128, 128, 1] (MNIST-detection scenes). */
  inputShape: [number, number, number];
  /** Filters of the three VGG stages (stride 8); default [16, 32, 64], the SSD's first three. */
  filters: [number, number, number];
  /** 3×3 convolutions per stage; default 2 (VGG). */
  convsPerStage: number;
  /** Channels of the RPN's 3×3 convolution; default 64 (paper: 512 on VGG-16). */
  rpnChannels: number;
  /** Anchor heights, pixels; default [12, 20, 32] (digit ink boxes are 11–36 px tall). */
  anchorHeights: number[];
  /** Anchor width ÷ height; default [1, 0.6, 0.3], the SSD's. */
  aspectRatios: number[];
  /** RoIAlign bins per side; default 7 (Fast R-CNN). */
  poolSize: number;
  /** RoIAlign samples per bin side; default 2 (Mask R-CNN). */
  samplingRatio: number;
  /** Units of each of the head's two fc layers; default 256 (paper: 4096). */
  fcUnits: number;
  /** Batch norm after each backbone convolution; default true. */
  batchNorm: boolean;
  /** Seed of every initializer; default 0. */
  seed: number;
}

export const fasterRcnnDefaults: FasterRcnnConfig = {
  classes: 10, inputShape: [128, 128, 1], filters: [16, 32, 64], convsPerStage: 2, rpnChannels: 64, anchorHeights: [12, 20, 32], aspectRatios: [1, 0.6, 0.3],
  poolSize: 7, samplingRatio: 2, fcUnits: 256, batchNorm: true, seed: 0,
};

/** Input pixels per feature cell: three 2×2 poolings. */
export const fasterRcnnStride = 8;

const who = 'fasterRcnn';

export function resolveFasterRcnnConfig(partial: Partial<FasterRcnnConfig> = {}): FasterRcnnConfig {
  const c = resolveConfig(who, fasterRcnnDefaults, partial);
  checkInteger(who, 'classes', c.classes);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3 || c.inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ConfigError(who, 'inputShape', '[height, width, channels] of positive integers', c.inputShape);
  }
  if (c.inputShape[0] % 8 !== 0 || c.inputShape[1] % 8 !== 0 || c.inputShape[0] < 24 || c.inputShape[1] < 24) {
    throw new ConfigError(who, 'inputShape', 'a height and width that are multiples of 8 and at least 24 (three poolings)', c.inputShape);
  }
  if (!Array.isArray(c.filters) || c.filters.length !== 3 || c.filters.some((d) => !Number.isInteger(d) || d < 1)) throw new ConfigError(who, 'filters', 'three positive integers', c.filters);
  for (const field of ['convsPerStage', 'rpnChannels', 'poolSize', 'samplingRatio', 'fcUnits'] as const) checkInteger(who, field, c[field]);
  for (const field of ['anchorHeights', 'aspectRatios'] as const) {
    if (!Array.isArray(c[field]) || c[field].length === 0 || c[field].some((v) => !(v > 0))) throw new ConfigError(who, field, 'a non-empty list of positive numbers', c[field]);
  }
  if (typeof c.batchNorm !== 'boolean') throw new ConfigError(who, 'batchNorm', 'a boolean', c.batchNorm);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** The anchor grid of `c`: k anchors at every cell of the stride-8 map. */
export function fasterRcnnGrid(c: FasterRcnnConfig): AnchorGrid {
  return { rows: c.inputShape[0] / fasterRcnnStride, cols: c.inputShape[1] / fasterRcnnStride, stride: fasterRcnnStride, heights: c.anchorHeights, aspectRatios: c.aspectRatios };
}

/** The anchors of `c` (cx, cy, w, h per anchor), in the order of the RPN's outputs. */
export const fasterRcnnAnchors = (c: FasterRcnnConfig): Float32Array => ssdAnchors([fasterRcnnGrid(c)]);

/** The two halves of the network (see the file comment); they share the model's layers. */
export interface FasterRcnnParts {
  /** image [n, H, W, C] → [features, objectness [n, A], deltas [n, A, 4]]. */
  backbone: tf.LayersModel;
  /** pooled RoIs [R, P, P, C′] → [class logits [R, K + 1], deltas [R, K, 4]]. */
  head: tf.LayersModel;
}

/** The halves of a Faster R-CNN model, built by `fasterRcnn` or loaded from a checkpoint. */
export function fasterRcnnParts(model: tf.LayersModel): FasterRcnnParts {
  if (model.inputs.length !== 2 || model.outputs.length !== 5) {
    throw new ConfigError('fasterRcnnParts', 'model', 'a Faster R-CNN model (2 inputs: image and pooled RoIs; 5 outputs)', `${model.name} with ${model.inputs.length} inputs and ${model.outputs.length} outputs`);
  }
  return {
    backbone: tf.model({ inputs: model.inputs[0], outputs: model.outputs.slice(0, 3), name: 'faster_rcnn_backbone' }),
    head: tf.model({ inputs: model.inputs[1], outputs: model.outputs.slice(3), name: 'faster_rcnn_head' }),
  };
}

/** The model (see the file comment), its anchors and its resolved config. */
export function fasterRcnn(partial: Partial<FasterRcnnConfig> = {}): { model: tf.LayersModel; anchors: Float32Array; config: FasterRcnnConfig } {
  const c = resolveFasterRcnnConfig(partial);
  const grid = fasterRcnnGrid(c);
  const k = anchorsPerCell(grid);
  const anchorCount = grid.rows * grid.cols * k;
  const image = tf.input({ shape: c.inputShape, name: 'image' });
  let features: tf.SymbolicTensor = image;
  c.filters.forEach((filters, i) => {
    features = vggStack(features, { filters, convs: c.convsPerStage, batchNorm: c.batchNorm, seed: c.seed + 101 * i, name: `stage${i + 1}` });
  });
  // The RPN: a 3×3 "sliding window" to an intermediate feature, then sibling 1×1 layers (§3.1).
  const window = convBnRelu(features, { filters: c.rpnChannels, kernelSize: 3, batchNorm: false, seed: c.seed + 1001, name: 'rpn_window' });
  // The paper initialises new layers from N(0, 0.01).
  const sibling = (filters: number, name: string, seed: number) => tf.layers.conv2d({
    filters, kernelSize: 1, name, kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed }),
  }).apply(window) as tf.SymbolicTensor;
  const objectness = tf.layers.reshape({ targetShape: [anchorCount], name: 'rpn_objectness' }).apply(sibling(k, 'rpn_cls', c.seed + 1002)) as tf.SymbolicTensor;
  const rpnDeltas = tf.layers.reshape({ targetShape: [anchorCount, 4], name: 'rpn_deltas' }).apply(sibling(4 * k, 'rpn_bbox', c.seed + 1003)) as tf.SymbolicTensor;
  const pooled = tf.input({ shape: [c.poolSize, c.poolSize, c.filters[2]], name: 'pooled_rois' });
  let h = tf.layers.flatten({ name: 'head_flatten' }).apply(pooled) as tf.SymbolicTensor;
  for (const name of ['fc6', 'fc7']) {
    h = tf.layers.dense({ units: c.fcUnits, activation: 'relu', name, kernelInitializer: tf.initializers.heNormal({ seed: c.seed + (name === 'fc6' ? 2001 : 2002) }) }).apply(h) as tf.SymbolicTensor;
  }
  // Fast R-CNN initialises the classifier from N(0, 0.01) and the box regressor from N(0, 0.001).
  const classLogits = tf.layers.dense({ units: c.classes + 1, name: 'cls_score', kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: c.seed + 2003 }) }).apply(h) as tf.SymbolicTensor;
  const boxRaw = tf.layers.dense({ units: 4 * c.classes, name: 'bbox_pred_raw', kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.001, seed: c.seed + 2004 }) }).apply(h) as tf.SymbolicTensor;
  const boxDeltas = tf.layers.reshape({ targetShape: [c.classes, 4], name: 'bbox_pred' }).apply(boxRaw) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [image, pooled], outputs: [features, objectness, rpnDeltas, classLogits, boxDeltas], name: 'faster_rcnn' });
  return { model, anchors: fasterRcnnAnchors(c), config: c };
}
