/**
 * FCN-8s (Long, Shelhamer & Darrell 2015, "Fully Convolutional Networks for Semantic
 * Segmentation", Fig. 3 and §4.2), on a small VGG encoder built from core's `vggStack`:
 *
 *   pool3, pool4, pool5 ← VGG stages 3, 4, 5 (strides 8, 16, 32)
 *   fc6, fc7            ← VGG's fully connected layers as convolutions
 *   score_fr            ← 1×1 conv of fc7 to class scores                        (stride 32)
 *   fuse_pool4          = upsample₂(score_fr) + score_pool4(pool4)              (stride 16)
 *   fuse_pool3          = upsample₂(fuse_pool4) + score_pool3(pool3)            (stride 8)
 *   score               = upsample₈(fuse_pool3), cropped to the input           (stride 1)
 *
 * The upsamplings are transposed convolutions initialised to bilinear interpolation (§3.3);
 * the two 2× ones learn, the final 8× one stays fixed at bilinear, as in the reference FCN-8s;
 * `learnFinalUpsampling` lets it learn too, from the same bilinear start (§3.3 notes that a
 * deconvolution filter need not be fixed to bilinear upsampling but can be learned).
 * `outputStride` picks the net of the family (§4.2): 32 (FCN-32s: score_fr upsampled 32×), 16
 * (FCN-16s), 8 (FCN-8s, the default), and 4 and 2, which continue the same pattern with skips
 * from pool2 and pool1 (fuse_pool2, fuse_pool1), as the paper's §4.2 contemplates ("we can
 * continue in this fashion by fusing predictions from pool2 and pool1"); our digits' strokes
 * are 2–3 pixels wide, finer than a stride-8 score map can draw (docs/results/vision.md). The skip
 * score layers start at zero (§4.2: "zero-initialized, so the net starts with unmodified
 * predictions"). The input is zero-padded to a multiple of 32 (at least 64) and the scores cropped back, so
 * any image size works (the paper pads by 100 and crops for the same reason).
 *
 * Deviations, for training from scratch on small images rather than fine-tuning ImageNet's
 * VGG-16 (reasons in docs/results/vision.md): narrower stages (16…128 filters instead of
 * 64…512), two convolutions per stage, fc6 a convolution of 256 of at most 3×3 (VGG: 7×7 of 4,096),
 * batch norm after every convolution, no dropout by default.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, convBnRelu, resolveConfig, upsampleBlock, vggStack } from '@deeper/core';
import { bilinearKernel } from './bilinear-kernel';

export interface Fcn8sConfig {
  /** Classes, the background included; default 11 (M2NIST: background + ten digits). */
  classes: number;
  /** Input [height, width, channels]; default [64, 84, 1] (M2NIST). */
  inputShape: [number, number, number];
  /** Filters of the five VGG stages; default [16, 32, 64, 128, 128] (VGG-16: 64, 128, 256, 512, 512). */
  filters: [number, number, number, number, number];
  /** 3×3 convolutions per stage; default 2 (VGG-16: 2, 2, 3, 3, 3). */
  convsPerStage: number;
  /** Channels of fc6 and fc7; default 256 (VGG-16: 4,096). */
  fcFilters: number;
  /** Dropout after fc6 and fc7; default 0 (the paper: 0.5, kept from VGG's classifier). */
  dropout: number;
  /** Batch norm after each convolution; default true (VGG-16 has none; it trains the encoder from scratch here). */
  batchNorm: boolean;
  /** Stride of the finest score map fused before the final fixed upsampling: 32, 16, 8 (FCN-8s, the default), 4 or 2 (skips from pool2 and pool1 too). */
  outputStride: 32 | 16 | 8 | 4 | 2;
  /** Whether the final upsampling learns (from its bilinear start, across classes); default false (fixed, as in the reference FCN-8s). */
  learnFinalUpsampling: boolean;
  /** Seed of every initializer; default 0. */
  seed: number;
}

export const fcn8sDefaults: Fcn8sConfig = {
  classes: 11, inputShape: [64, 84, 1], filters: [16, 32, 64, 128, 128], convsPerStage: 2, fcFilters: 256, dropout: 0, batchNorm: true, outputStride: 8, learnFinalUpsampling: false, seed: 0,
};

const who = 'fcn8s';

export function resolveFcn8sConfig(partial: Partial<Fcn8sConfig> = {}): Fcn8sConfig {
  const c = resolveConfig(who, fcn8sDefaults, partial);
  checkInteger(who, 'classes', c.classes, 2);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3 || c.inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ConfigError(who, 'inputShape', '[height, width, channels] of positive integers', c.inputShape);
  }
  if (!Array.isArray(c.filters) || c.filters.length !== 5 || c.filters.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ConfigError(who, 'filters', 'five positive integers, one per VGG stage', c.filters);
  }
  checkInteger(who, 'convsPerStage', c.convsPerStage);
  checkInteger(who, 'fcFilters', c.fcFilters);
  checkNumber(who, 'dropout', c.dropout, 0, 1);
  if (c.dropout === 1) throw new ConfigError(who, 'dropout', 'a rate in [0, 1)', c.dropout);
  if (typeof c.batchNorm !== 'boolean') throw new ConfigError(who, 'batchNorm', 'a boolean', c.batchNorm);
  if (typeof c.learnFinalUpsampling !== 'boolean') throw new ConfigError(who, 'learnFinalUpsampling', 'a boolean', c.learnFinalUpsampling);
  if (![32, 16, 8, 4, 2].includes(c.outputStride)) throw new ConfigError(who, 'outputStride', 'one of 32, 16, 8, 4, 2', c.outputStride);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** A 1×1 convolution to class scores; `zero` starts it at zero (the skip layers). */
function score(x: tf.SymbolicTensor, classes: number, name: string, zero: boolean, seed: number): tf.SymbolicTensor {
  return tf.layers.conv2d({
    filters: classes, kernelSize: 1, name,
    kernelInitializer: zero ? 'zeros' : tf.initializers.glorotUniform({ seed }),
  }).apply(x) as tf.SymbolicTensor;
}

/** Builds FCN-8s; the output is per-pixel class logits [batch, height, width, classes]. */
export function fcn8s(partial: Partial<Fcn8sConfig> = {}): tf.LayersModel {
  const c = resolveFcn8sConfig(partial);
  const [height, width, channels] = c.inputShape;
  // A multiple of 32 (five poolings), and at least 64, so that stage 5 still sees 4×4 ≥ its 3×3 kernels.
  const padH = Math.max(64, Math.ceil(height / 32) * 32) - height;
  const padW = Math.max(64, Math.ceil(width / 32) * 32) - width;
  const pad: [[number, number], [number, number]] = [[Math.floor(padH / 2), padH - Math.floor(padH / 2)], [Math.floor(padW / 2), padW - Math.floor(padW / 2)]];
  const input = tf.input({ shape: [height, width, channels], name: 'image' });
  let x = tf.layers.zeroPadding2d({ padding: pad, name: 'pad' }).apply(input) as tf.SymbolicTensor;
  const pools: tf.SymbolicTensor[] = [];
  c.filters.forEach((filters, i) => {
    x = vggStack(x, { filters, convs: c.convsPerStage, batchNorm: c.batchNorm, seed: c.seed + 101 * i, name: `stage${i + 1}` });
    pools.push(x);
  });
  // fc6 and fc7 as convolutions (§3.1, "convolutionalization").
  // VGG's fc6 sees all of pool5 (7×7); ours sees up to 3×3 of it, less when pool5 is smaller (2×3 for M2NIST).
  const pool5Side = Math.min(...(x.shape.slice(1, 3) as number[]));
  x = convBnRelu(x, { filters: c.fcFilters, kernelSize: Math.min(3, pool5Side), batchNorm: c.batchNorm, seed: c.seed + 1001, name: 'fc6' });
  if (c.dropout > 0) x = tf.layers.dropout({ rate: c.dropout, seed: c.seed + 1, name: 'drop6' }).apply(x) as tf.SymbolicTensor;
  x = convBnRelu(x, { filters: c.fcFilters, kernelSize: 1, batchNorm: c.batchNorm, seed: c.seed + 1002, name: 'fc7' });
  if (c.dropout > 0) x = tf.layers.dropout({ rate: c.dropout, seed: c.seed + 2, name: 'drop7' }).apply(x) as tf.SymbolicTensor;
  const scoreFr = score(x, c.classes, 'score_fr', false, c.seed + 1003);
  const up = (t: tf.SymbolicTensor, factor: number, name: string) =>
    upsampleBlock(t, { filters: c.classes, kernelSize: 2 * factor, strides: factor, batchNorm: false, activation: 'linear', seed: c.seed, name });
  // Each skip: upsample the fused scores 2× and add the zero-initialised scores of the pool
  // one stage up (pool4 at stride 16, pool3 at 8, pool2 at 4, pool1 at 2). The names of the
  // first two are the reference FCN-8s's.
  const upNames = ['upscore2', 'upscore_pool4', 'upscore_pool3', 'upscore_pool2'];
  const deconvs: [string, number][] = [];
  let fused = scoreFr;
  let stride = 32;
  for (let k = 0; stride > c.outputStride; k++) {
    const pool = 4 - k;
    deconvs.push([`${upNames[k]}_deconv`, 2]);
    fused = tf.layers.add({ name: `fuse_pool${pool}` }).apply([up(fused, 2, upNames[k]), score(pools[pool - 1], c.classes, `score_pool${pool}`, true, 0)]) as tf.SymbolicTensor;
    stride /= 2;
  }
  // 'upscore2' already names the first skip's layer, so FCN-2s's final one is 'upscore2_out'.
  const finalName = stride === 2 ? 'upscore2_out' : `upscore${stride}`;
  deconvs.push([`${finalName}_deconv`, stride]);
  const output = tf.layers.cropping2D({ cropping: pad, name: 'score' }).apply(up(fused, stride, finalName)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'fcn8s' });
  for (const [name, factor] of deconvs) {
    const layer = model.getLayer(name);
    const kernel = bilinearKernel(factor, c.classes);
    const bias = tf.zeros([c.classes]);
    layer.setWeights([kernel, bias]);
    tf.dispose([kernel, bias]);
  }
  // The reference FCN-8s keeps the final 8× upsampling fixed at bilinear; so do the others here, unless told otherwise.
  model.getLayer(`${finalName}_deconv`).trainable = c.learnFinalUpsampling;
  return model;
}
