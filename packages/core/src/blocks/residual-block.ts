/**
 * Residual block (He et al. 2016, "Deep Residual Learning for Image Recognition", §3 and
 * Fig. 5): output = ReLU(F(x) + shortcut(x)).
 *
 * - `basic`: F = 3×3 conv-BN-ReLU → 3×3 conv-BN (ResNet-18/34); output channels `filters`.
 * - `bottleneck`: F = 1×1 conv-BN-ReLU → 3×3 conv-BN-ReLU → 1×1 conv-BN (ResNet-50+);
 *   output channels 4 × `filters` (the paper's expansion).
 *
 * The shortcut is the identity when the shapes match, else (or when `projection` is
 * `always`) a projection: 1×1 conv with the block's stride followed by BN (option B of
 * the paper). In the bottleneck the stride sits on the 3×3 conv rather than the first
 * 1×1 ("ResNet v1.5", as torchvision does): a strided 1×1 discards 3/4 of its input.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, resolveConfig } from '../config';
import { convBnRelu } from './conv-bn-relu';
import { checkBlockName, checkKernelFits, checkSeed, spatialDims, sublayerName, sublayerSeed } from './spatial-input';

export interface ResidualBlockConfig {
  /** `basic` (two 3×3) or `bottleneck` (1×1 → 3×3 → 1×1). Default `basic`. */
  kind: 'basic' | 'bottleneck';
  /** Channels of the 3×3 convolutions; the output has `filters` (basic) or 4·`filters` (bottleneck). Default 64 (conv2_x of ResNet). */
  filters: number;
  /** Stride of the block, pixels: 2 halves height and width (first block of a stage). Default 1. */
  strides: number;
  /** `auto`: projection only when shapes differ; `always`: projection even when they match. Default `auto` (the paper's option B). */
  projection: 'auto' | 'always';
  /** Batch-norm momentum. Default 0.99 (tfjs/Keras default). */
  momentum: number;
  /** Seed of the He-normal initializers. Default `null`: a fresh draw. */
  seed: number | null;
  /** Prefix of the sublayer names (`<name>_a_conv`, `<name>_shortcut`, `<name>_add`, …). Default `null`: tfjs picks. */
  name: string | null;
}

export const residualBlockDefaults: ResidualBlockConfig = {
  kind: 'basic',
  filters: 64,
  strides: 1,
  projection: 'auto',
  momentum: 0.99,
  seed: null,
  name: null,
};

/** The bottleneck's output/inner channel ratio (He et al. 2016, Table 1). */
export const bottleneckExpansion = 4;

export function resolveResidualBlockConfig(partial: Partial<ResidualBlockConfig> = {}): ResidualBlockConfig {
  const who = 'residualBlock';
  const c = resolveConfig(who, residualBlockDefaults, partial);
  checkOneOf(who, 'kind', c.kind, ['basic', 'bottleneck'] as const);
  checkInteger(who, 'filters', c.filters);
  checkInteger(who, 'strides', c.strides, 1, 3);
  checkOneOf(who, 'projection', c.projection, ['auto', 'always'] as const);
  checkNumber(who, 'momentum', c.momentum, 0, 1, true);
  checkSeed(who, c.seed);
  checkBlockName(who, c.name);
  return c;
}

/** Wires a residual block onto `input` ([batch, h, w, c]) and returns its output. */
export function residualBlock(input: tf.SymbolicTensor, config: Partial<ResidualBlockConfig> = {}): tf.SymbolicTensor {
  const who = 'residualBlock';
  const c = resolveResidualBlockConfig(config);
  const dims = spatialDims(who, input);
  checkKernelFits(who, 'the 3×3 kernel (kind)', 3, dims);
  const part = (p: string) => (c.name == null ? null : `${c.name}_${p}`);
  const common = { momentum: c.momentum, padding: 'same' as const };
  const outChannels = c.kind === 'basic' ? c.filters : bottleneckExpansion * c.filters;

  let residual: tf.SymbolicTensor;
  if (c.kind === 'basic') {
    residual = convBnRelu(input, { ...common, filters: c.filters, kernelSize: 3, strides: c.strides, seed: sublayerSeed(c.seed, 0), name: part('a') });
    residual = convBnRelu(residual, { ...common, filters: c.filters, kernelSize: 3, activation: 'linear', seed: sublayerSeed(c.seed, 1), name: part('b') });
  } else {
    residual = convBnRelu(input, { ...common, filters: c.filters, kernelSize: 1, seed: sublayerSeed(c.seed, 0), name: part('a') });
    residual = convBnRelu(residual, { ...common, filters: c.filters, kernelSize: 3, strides: c.strides, seed: sublayerSeed(c.seed, 1), name: part('b') });
    residual = convBnRelu(residual, { ...common, filters: outChannels, kernelSize: 1, activation: 'linear', seed: sublayerSeed(c.seed, 2), name: part('c') });
  }

  const shapesMatch = c.strides === 1 && dims.channels === outChannels;
  const shortcut = shapesMatch && c.projection === 'auto'
    ? input
    : convBnRelu(input, { ...common, filters: outChannels, kernelSize: 1, strides: c.strides, activation: 'linear', seed: sublayerSeed(c.seed, 3), name: part('shortcut') });

  const sum = tf.layers.add({ name: sublayerName(c.name, 'add') }).apply([residual, shortcut]) as tf.SymbolicTensor;
  return tf.layers.reLU({ name: sublayerName(c.name, 'out') }).apply(sum) as tf.SymbolicTensor;
}
