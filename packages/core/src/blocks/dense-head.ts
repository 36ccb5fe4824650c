/**
 * Classifier head: flatten (or global average pool), hidden dense layers with ReLU and
 * dropout (Srivastava et al. 2014), then the output layer. Dropout is tfjs's own layer:
 * active when the model runs with `training: true` (fit, trainOnBatch), the identity in
 * `predict`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { initializerFor } from '../init/initializer-for';
import { checkBlockName, checkSeed, sublayerName, sublayerSeed } from './spatial-input';

export interface DenseHeadConfig {
  /** Units of each hidden layer, in order; `[]` for none. Default `[]`. */
  hidden: number[];
  /** Output units (classes). Default 10. */
  outputs: number;
  /** Dropout rate before each dense layer, in [0, 1). Default 0.5 (Srivastava et al. 2014; AlexNet and VGG heads). */
  dropout: number;
  /** How a rank-4 input becomes a vector: `flatten` or `globalAverage` (Lin et al. 2014). Default `flatten`. */
  reduce: 'flatten' | 'globalAverage';
  /** Output activation: `softmax` (probabilities) or `linear` (logits). Default `softmax`. */
  outputActivation: 'softmax' | 'linear';
  /** Seed of the initializers (He for hidden ReLU layers, Glorot for the output). Default `null`: a fresh draw. */
  seed: number | null;
  /** Prefix of the sublayer names (`<name>_dense1`, `<name>_dropout1`, `<name>_out`). Default `null`: tfjs picks. */
  name: string | null;
}

export const denseHeadDefaults: DenseHeadConfig = {
  hidden: [],
  outputs: 10,
  dropout: 0.5,
  reduce: 'flatten',
  outputActivation: 'softmax',
  seed: null,
  name: null,
};

export function resolveDenseHeadConfig(partial: Partial<DenseHeadConfig> = {}): DenseHeadConfig {
  const who = 'denseHead';
  const c = resolveConfig(who, denseHeadDefaults, partial);
  if (!Array.isArray(c.hidden)) throw new ConfigError(who, 'hidden', 'an array of positive integers', c.hidden);
  c.hidden.forEach((units, i) => checkInteger(who, `hidden[${i}]`, units));
  checkInteger(who, 'outputs', c.outputs);
  checkNumber(who, 'dropout', c.dropout, 0, 1);
  if (c.dropout >= 1) throw new ConfigError(who, 'dropout', 'a rate in [0, 1)', c.dropout, 'A rate of 1 drops every unit');
  checkOneOf(who, 'reduce', c.reduce, ['flatten', 'globalAverage'] as const);
  checkOneOf(who, 'outputActivation', c.outputActivation, ['softmax', 'linear'] as const);
  checkSeed(who, c.seed);
  checkBlockName(who, c.name);
  return c;
}

/** Wires the head onto `input` (rank 2, or rank 4 reduced per `reduce`) and returns the output. */
export function denseHead(input: tf.SymbolicTensor, config: Partial<DenseHeadConfig> = {}): tf.SymbolicTensor {
  const c = resolveDenseHeadConfig(config);
  let x = input;
  if (x.shape.length > 2) {
    x = (c.reduce === 'globalAverage' && x.shape.length === 4
      ? tf.layers.globalAveragePooling2d({ name: sublayerName(c.name, 'pool') })
      : tf.layers.flatten({ name: sublayerName(c.name, 'flatten') })).apply(x) as tf.SymbolicTensor;
  }
  const dense = (units: number, activation: 'relu' | 'softmax' | 'linear', i: number, part: string) => {
    if (c.dropout > 0) {
      x = tf.layers.dropout({ rate: c.dropout, name: sublayerName(c.name, `dropout${i + 1}`) }).apply(x) as tf.SymbolicTensor;
    }
    x = tf.layers.dense({
      units,
      activation,
      kernelInitializer: initializerFor(activation, sublayerSeed(c.seed, i)),
      name: sublayerName(c.name, part),
    }).apply(x) as tf.SymbolicTensor;
  };
  c.hidden.forEach((units, i) => dense(units, 'relu', i, `dense${i + 1}`));
  dense(c.outputs, c.outputActivation, c.hidden.length, 'out');
  return x;
}
