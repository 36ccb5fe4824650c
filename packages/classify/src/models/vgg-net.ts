/**
 * A VGG-style network (Simonyan & Zisserman 2014) sized for 28×28 and 32×32 images: three
 * stages of two 3×3 convolutions with batch norm and ReLU, each ending in a 2×2 max-pool
 * (32, 64, 128 channels, the doubling of VGG's 64 → 512 scaled down), then VGG's head in
 * small: a 256-unit dense layer with ReLU and dropout 0.5, and the softmax output.
 * Batch norm (Ioffe & Szegedy 2015) is a deviation from the 2014 paper, which trained its
 * deep configurations by initialising them from shallower ones instead.
 *
 *   28×28×1 → [32, 32] → 14×14 → [64, 64] → 7×7 → [128, 128] → 3×3 → dense 256 → 10
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, glorotUniform, heNormal, resolveConfig, vggStack } from '@deeper/core';
import { SeededDropout } from '../seeded-dropout';
import { checkClassifierModelConfig, type ClassifierModelConfig } from './classifier-model-config';

export interface VggNetConfig extends ClassifierModelConfig {
  /** Channels of each stage; default [32, 64, 128]. */
  stages: number[];
  /** 3×3 convolutions per stage; default 2 (VGG's first stages). */
  convsPerStage: number;
  /** Units of the hidden dense layer; default 256 (VGG's 4096, scaled to the smaller maps). */
  denseUnits: number;
  /** Dropout before the output layer; default 0.5 (Simonyan & Zisserman 2014). */
  dropout: number;
}

export const vggNetDefaults: VggNetConfig = { inputShape: [28, 28, 1], classes: 10, seed: 0, stages: [32, 64, 128], convsPerStage: 2, denseUnits: 256, dropout: 0.5 };

const who = 'vggNet';

export function resolveVggNetConfig(partial: Partial<VggNetConfig> = {}): VggNetConfig {
  const c = checkClassifierModelConfig(who, resolveConfig(who, vggNetDefaults, partial));
  if (!Array.isArray(c.stages) || c.stages.length === 0) throw new ConfigError(who, 'stages', 'a non-empty array of channel counts', c.stages);
  c.stages.forEach((f, i) => checkInteger(who, `stages[${i}]`, f, 1));
  checkInteger(who, 'convsPerStage', c.convsPerStage, 1);
  checkInteger(who, 'denseUnits', c.denseUnits, 1);
  checkNumber(who, 'dropout', c.dropout, 0, 1);
  if (c.dropout >= 1) throw new ConfigError(who, 'dropout', 'a rate in [0, 1)', c.dropout);
  const side = Math.min(c.inputShape[0], c.inputShape[1]) / 2 ** c.stages.length;
  if (side < 1) throw new ConfigError(who, 'inputShape', `at least ${2 ** c.stages.length} pixels a side for ${c.stages.length} pooling stages`, c.inputShape);
  return c;
}

export function vggNet(partial: Partial<VggNetConfig> = {}): tf.LayersModel {
  const c = resolveVggNetConfig(partial);
  const input = tf.input({ shape: c.inputShape });
  let x: tf.SymbolicTensor = input;
  c.stages.forEach((filters, i) => {
    x = vggStack(x, { filters, convs: c.convsPerStage, batchNorm: true, seed: c.seed * 1009 + 101 * i });
  });
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: c.denseUnits, activation: 'relu', kernelInitializer: heNormal(c.seed * 1009 + 997) }).apply(x) as tf.SymbolicTensor;
  x = new SeededDropout({ rate: c.dropout, seed: c.seed }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: c.classes, kernelInitializer: glorotUniform(c.seed * 1009 + 998) }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.softmax().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'vgg' });
}
