/**
 * Inception module (Szegedy et al. 2015, "Going Deeper with Convolutions", Fig. 2b):
 * four parallel branches over the same input, concatenated on channels —
 * 1×1; 1×1 → 3×3; 1×1 → 5×5; 3×3 max-pool (stride 1) → 1×1. The 1×1 "reduce"
 * convolutions before the 3×3 and 5×5 cut their cost. Every convolution is followed by
 * ReLU, as in GoogLeNet; `batchNorm` adds BN before each ReLU (as in Inception-v2).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { convBnRelu } from './conv-bn-relu';
import { checkBlockName, checkKernelFits, checkSeed, spatialDims, sublayerName, sublayerSeed } from './spatial-input';

export interface InceptionBlockConfig {
  /** Channels of the 1×1 branch. Default 64 (GoogLeNet inception 3a, Table 1). */
  filters1x1: number;
  /** Channels of the 1×1 reduction before the 3×3. Default 96 (inception 3a). */
  filters3x3Reduce: number;
  /** Channels of the 3×3 branch. Default 128 (inception 3a). */
  filters3x3: number;
  /** Channels of the 1×1 reduction before the 5×5. Default 16 (inception 3a). */
  filters5x5Reduce: number;
  /** Channels of the 5×5 branch. Default 32 (inception 3a). */
  filters5x5: number;
  /** Channels of the 1×1 projection after the 3×3 max-pool. Default 32 (inception 3a). */
  poolProjection: number;
  /** Batch norm before each ReLU. Default false (GoogLeNet had none). */
  batchNorm: boolean;
  /** Batch-norm momentum, when `batchNorm`. Default 0.99 (tfjs/Keras default). */
  momentum: number;
  /** Seed of the He-normal initializers. Default `null`: a fresh draw. */
  seed: number | null;
  /** Prefix of the sublayer names (`<name>_1x1_conv`, `<name>_concat`, …). Default `null`: tfjs picks. */
  name: string | null;
}

export const inceptionBlockDefaults: InceptionBlockConfig = {
  filters1x1: 64,
  filters3x3Reduce: 96,
  filters3x3: 128,
  filters5x5Reduce: 16,
  filters5x5: 32,
  poolProjection: 32,
  batchNorm: false,
  momentum: 0.99,
  seed: null,
  name: null,
};

export function resolveInceptionBlockConfig(partial: Partial<InceptionBlockConfig> = {}): InceptionBlockConfig {
  const who = 'inceptionBlock';
  const c = resolveConfig(who, inceptionBlockDefaults, partial);
  for (const field of ['filters1x1', 'filters3x3Reduce', 'filters3x3', 'filters5x5Reduce', 'filters5x5', 'poolProjection'] as const) {
    checkInteger(who, field, c[field]);
  }
  if (typeof c.batchNorm !== 'boolean') throw new ConfigError(who, 'batchNorm', 'a boolean', c.batchNorm);
  checkNumber(who, 'momentum', c.momentum, 0, 1, true);
  checkSeed(who, c.seed);
  checkBlockName(who, c.name);
  return c;
}

/** Output channels of an inception block: the sum of its four branches. */
export function inceptionChannels(c: InceptionBlockConfig): number {
  return c.filters1x1 + c.filters3x3 + c.filters5x5 + c.poolProjection;
}

/** Wires an inception module onto `input` ([batch, h, w, c]) and returns the concatenation. */
export function inceptionBlock(input: tf.SymbolicTensor, config: Partial<InceptionBlockConfig> = {}): tf.SymbolicTensor {
  const who = 'inceptionBlock';
  const c = resolveInceptionBlockConfig(config);
  checkKernelFits(who, 'the 5×5 branch kernel (filters5x5)', 5, spatialDims(who, input));
  const part = (p: string) => (c.name == null ? null : `${c.name}_${p}`);
  const conv = (x: tf.SymbolicTensor, filters: number, kernelSize: number, i: number, p: string) =>
    convBnRelu(x, { filters, kernelSize, batchNorm: c.batchNorm, momentum: c.momentum, seed: sublayerSeed(c.seed, i), name: part(p) });

  const branch1 = conv(input, c.filters1x1, 1, 0, '1x1');
  const branch3 = conv(conv(input, c.filters3x3Reduce, 1, 1, '3x3_reduce'), c.filters3x3, 3, 2, '3x3');
  const branch5 = conv(conv(input, c.filters5x5Reduce, 1, 3, '5x5_reduce'), c.filters5x5, 5, 4, '5x5');
  const pooled = tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same', name: sublayerName(c.name, 'pool') }).apply(input) as tf.SymbolicTensor;
  const branchPool = conv(pooled, c.poolProjection, 1, 5, 'pool_proj');
  return tf.layers.concatenate({ axis: -1, name: sublayerName(c.name, 'concat') }).apply([branch1, branch3, branch5, branchPool]) as tf.SymbolicTensor;
}
