/**
 * The baseline every CNN is measured against: a multilayer perceptron on the flattened
 * pixels, two hidden ReLU layers (256 and 128 units, He-initialised) and a softmax layer.
 * Fashion-MNIST's benchmark lists MLPs of this size at ≈ 87–88 % (Xiao et al. 2017).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, ConfigError, glorotUniform, heNormal, resolveConfig } from '@deeper/core';
import { checkClassifierModelConfig, type ClassifierModelConfig } from './classifier-model-config';

export interface MlpConfig extends ClassifierModelConfig {
  /** Units of each hidden layer; default [256, 128]. */
  hidden: number[];
}

export const mlpDefaults: MlpConfig = { inputShape: [28, 28, 1], classes: 10, seed: 0, hidden: [256, 128] };

export function resolveMlpConfig(partial: Partial<MlpConfig> = {}): MlpConfig {
  const c = checkClassifierModelConfig('mlp', resolveConfig('mlp', mlpDefaults, partial));
  if (!Array.isArray(c.hidden)) throw new ConfigError('mlp', 'hidden', 'an array of unit counts', c.hidden);
  c.hidden.forEach((u, i) => checkInteger('mlp', `hidden[${i}]`, u, 1));
  return c;
}

export function mlp(partial: Partial<MlpConfig> = {}): tf.LayersModel {
  const c = resolveMlpConfig(partial);
  const input = tf.input({ shape: c.inputShape });
  let x = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  c.hidden.forEach((units, i) => {
    x = tf.layers.dense({ units, activation: 'relu', kernelInitializer: heNormal(c.seed * 1009 + i) }).apply(x) as tf.SymbolicTensor;
  });
  x = tf.layers.dense({ units: c.classes, kernelInitializer: glorotUniform(c.seed * 1009 + 999) }).apply(x) as tf.SymbolicTensor;
  const output = tf.layers.softmax().apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: 'mlp' });
}
