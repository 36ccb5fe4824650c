/**
 * A single-shot detector (Liu et al. 2016, "SSD: Single Shot MultiBox Detector", Fig. 2) on
 * core's VGG stages, sized for the 128×128 MNIST-detection scenes:
 *
 *   stage1…stage4   ← vggStack (3×3 convolutions, batch norm, 2×2 max-pool): 64, 32, 16, 8 px maps
 *   for the 16×16 (stride 8) and 8×8 (stride 16) maps, a 3×3 convolution predicts, per default
 *   box, K + 1 class logits (background first) and 4 box offsets (box-coding.ts),
 *   all reshaped to [anchors, K + 5] and concatenated: one output [batch, anchors, K + 5].
 *
 * Deviations from SSD300 (reasons in docs/results/vision.md): a small VGG from scratch with
 * batch norm instead of ImageNet VGG-16 with fc6/fc7 and extra layers; two feature maps, not
 * six, because the digits span 16–48 px; default-box heights chosen for those digits
 * (anchors.ts) and aspect ratios (w/h) 1, 0.6, 0.3 for upright digits (a "1" is narrow), not
 * 1, 2, 3, ½, ⅓.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, ConfigError, convBnRelu, resolveConfig, vggStack } from '@deeper/core';
import { anchorsPerCell, ssdAnchors, type AnchorGrid } from './anchors';

export interface SsdConfig {
  /** Object classes (background not counted); default 10 (digits). */
  classes: number;
  /** Input [height, width, channels]; default [128, 128, 1] (MNIST-detection scenes). */
  inputShape: [number, number, number];
  /** Filters of the four VGG stages; default [16, 32, 64, 128]. */
  filters: [number, number, number, number];
  /** 3×3 convolutions per stage; default 2 (VGG). */
  convsPerStage: number;
  /** Default-box heights (pixels) on the stride-8 and stride-16 maps; default [[12, 17], [24, 34]] (digit ink boxes are 11–36 px tall). */
  anchorHeights: [number[], number[]];
  /** Default-box width ÷ height; default [1, 0.6, 0.3]. */
  aspectRatios: number[];
  /** Batch norm after each convolution; default true. */
  batchNorm: boolean;
  /** Seed of every initializer; default 0. */
  seed: number;
}

export const ssdDefaults: SsdConfig = {
  classes: 10, inputShape: [128, 128, 1], filters: [16, 32, 64, 128], convsPerStage: 2, anchorHeights: [[12, 17], [24, 34]], aspectRatios: [1, 0.6, 0.3], batchNorm: true, seed: 0,
};

const who = 'ssd';

export function resolveSsdConfig(partial: Partial<SsdConfig> = {}): SsdConfig {
  const c = resolveConfig(who, ssdDefaults, partial);
  checkInteger(who, 'classes', c.classes);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3 || c.inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ConfigError(who, 'inputShape', '[height, width, channels] of positive integers', c.inputShape);
  }
  if (c.inputShape[0] % 16 !== 0 || c.inputShape[1] % 16 !== 0 || c.inputShape[0] < 48 || c.inputShape[1] < 48) {
    throw new ConfigError(who, 'inputShape', 'a height and width that are multiples of 16 and at least 48 (four poolings)', c.inputShape);
  }
  if (!Array.isArray(c.filters) || c.filters.length !== 4 || c.filters.some((d) => !Number.isInteger(d) || d < 1)) throw new ConfigError(who, 'filters', 'four positive integers', c.filters);
  checkInteger(who, 'convsPerStage', c.convsPerStage);
  if (!Array.isArray(c.anchorHeights) || c.anchorHeights.length !== 2 || c.anchorHeights.some((hs) => !Array.isArray(hs) || hs.length === 0 || hs.some((h) => !(h > 0)))) {
    throw new ConfigError(who, 'anchorHeights', 'two non-empty lists of positive heights', c.anchorHeights);
  }
  if (!Array.isArray(c.aspectRatios) || c.aspectRatios.length === 0 || c.aspectRatios.some((r) => !(r > 0))) throw new ConfigError(who, 'aspectRatios', 'a non-empty list of positive ratios', c.aspectRatios);
  if (typeof c.batchNorm !== 'boolean') throw new ConfigError(who, 'batchNorm', 'a boolean', c.batchNorm);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** The default-box grids of `c`: the stride-8 and stride-16 maps. */
export function ssdGrids(c: SsdConfig): AnchorGrid[] {
  const [h, w] = c.inputShape;
  return [8, 16].map((stride, i) => ({ rows: h / stride, cols: w / stride, stride, heights: c.anchorHeights[i], aspectRatios: c.aspectRatios }));
}

/** The detector and its default boxes (cx, cy, w, h per box, in output order). */
export function ssd(partial: Partial<SsdConfig> = {}): { model: tf.LayersModel; anchors: Float32Array; config: SsdConfig } {
  const c = resolveSsdConfig(partial);
  const grids = ssdGrids(c);
  const input = tf.input({ shape: c.inputShape, name: 'image' });
  let x: tf.SymbolicTensor = input;
  const maps: tf.SymbolicTensor[] = [];
  c.filters.forEach((filters, i) => {
    x = vggStack(x, { filters, convs: c.convsPerStage, batchNorm: c.batchNorm, seed: c.seed + 101 * i, name: `stage${i + 1}` });
    maps.push(x);
  });
  const channels = c.classes + 1 + 4;
  const heads = [maps[2], maps[3]].map((map, i) => {
    const features = convBnRelu(map, { filters: c.filters[2 + i], kernelSize: 3, batchNorm: c.batchNorm, seed: c.seed + 1001 + i, name: `head${i + 1}_features` });
    const raw = tf.layers.conv2d({
      filters: anchorsPerCell(grids[i]) * channels, kernelSize: 3, padding: 'same', name: `head${i + 1}_predict`,
      kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 2001 + i }),
    }).apply(features) as tf.SymbolicTensor;
    return tf.layers.reshape({ targetShape: [grids[i].rows * grids[i].cols * anchorsPerCell(grids[i]), channels], name: `head${i + 1}_boxes` }).apply(raw) as tf.SymbolicTensor;
  });
  const output = tf.layers.concatenate({ axis: 1, name: 'boxes' }).apply(heads) as tf.SymbolicTensor;
  return { model: tf.model({ inputs: input, outputs: output, name: 'ssd' }), anchors: ssdAnchors(grids), config: c };
}
