/**
 * A GoogLeNet-style network (Szegedy et al. 2015, "Going Deeper with Convolutions") for
 * small images: a 3×3 stem, then inception modules 3a and 3b, a max-pool, module 4a,
 * global average pooling, dropout 0.4 and the softmax layer, as GoogLeNet ends. Each
 * module keeps GoogLeNet's branch proportions (Table 1) at half its channel counts:
 *
 *   stem   3×3 conv 64, BN, ReLU; 2×2 max-pool        28×28 → 14×14
 *   3a     1×1 32 | 1×1 48 → 3×3 64 | 1×1 8 → 5×5 16 | pool → 1×1 16      = 128 channels
 *   3b     1×1 64 | 1×1 64 → 3×3 96 | 1×1 16 → 5×5 48 | pool → 1×1 32     = 240
 *   3×3 max-pool, stride 2, 'same'                    14×14 → 7×7
 *   4a     1×1 96 | 1×1 48 → 3×3 104 | 1×1 8 → 5×5 24 | pool → 1×1 32    = 256
 *   global average pool, dropout 0.4, dense 10, softmax
 *
 * Deviations: batch norm in every convolution (Inception-v2, Ioffe & Szegedy 2015) instead
 * of GoogLeNet's local response normalisation and auxiliary classifiers; a 3×3 stem in place
 * of the 7×7 stride-2 convolution meant for 224-pixel images.
 */
import * as tf from '@tensorflow/tfjs';
import { checkNumber, ConfigError, convBnRelu, glorotUniform, inceptionBlock, resolveConfig, type InceptionBlockConfig } from '@deeper/core';
import { SeededDropout } from '../seeded-dropout';
import { checkClassifierModelConfig, type ClassifierModelConfig } from './classifier-model-config';

export interface InceptionNetConfig extends ClassifierModelConfig {
  /** Dropout before the output layer; default 0.4 (Szegedy et al. 2015). */
  dropout: number;
}

export const inceptionNetDefaults: InceptionNetConfig = { inputShape: [28, 28, 1], classes: 10, seed: 0, dropout: 0.4 };

type Branches = Pick<InceptionBlockConfig, 'filters1x1' | 'filters3x3Reduce' | 'filters3x3' | 'filters5x5Reduce' | 'filters5x5' | 'poolProjection'>;
const module = (a: number, b: number, c: number, d: number, e: number, f: number): Branches =>
  ({ filters1x1: a, filters3x3Reduce: b, filters3x3: c, filters5x5Reduce: d, filters5x5: e, poolProjection: f });
/** Half of GoogLeNet's inception 3a, 3b and 4a (Szegedy et al. 2015, Table 1). */
export const inceptionNetModules = { '3a': module(32, 48, 64, 8, 16, 16), '3b': module(64, 64, 96, 16, 48, 32), '4a': module(96, 48, 104, 8, 24, 32) };

const who = 'inceptionNet';

export function resolveInceptionNetConfig(partial: Partial<InceptionNetConfig> = {}): InceptionNetConfig {
  const c = checkClassifierModelConfig(who, resolveConfig(who, inceptionNetDefaults, partial));
  checkNumber(who, 'dropout', c.dropout, 0, 1);
  if (c.dropout >= 1) throw new ConfigError(who, 'dropout', 'a rate in [0, 1)', c.dropout);
  if (c.inputShape[0] < 10 || c.inputShape[1] < 10) throw new ConfigError(who, 'inputShape', 'at least 10×10 (two poolings must leave the 5×5 branch room)', c.inputShape);
  return c;
}

export function inceptionNet(partial: Partial<InceptionNetConfig> = {}): tf.LayersModel {
  const c = resolveInceptionNetConfig(partial);
  const input = tf.input({ shape: c.inputShape });
  let x = convBnRelu(input, { filters: 64, kernelSize: 3, seed: c.seed * 1009 });
  x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
  x = inceptionBlock(x, { ...inceptionNetModules['3a'], batchNorm: true, seed: c.seed * 1009 + 1 });
  x = inceptionBlock(x, { ...inceptionNetModules['3b'], batchNorm: true, seed: c.seed * 1009 + 2 });
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = inceptionBlock(x, { ...inceptionNetModules['4a'], batchNorm: true, seed: c.seed * 1009 + 3 });
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  x = new SeededDropout({ rate: c.dropout, seed: c.seed }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: c.classes, kernelInitializer: glorotUniform(c.seed * 1009 + 4) }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.softmax().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'inception' });
}
