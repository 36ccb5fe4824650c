/**
 * The textbook deep CNN for 28×28 digits (Saito, "Deep Learning from Scratch", 2016,
 * ch. 8, `DeepConvNet`; ≈99.4 % test accuracy on MNIST there). Every convolution is 3×3,
 * stride 1, ReLU, He-initialized (He et al. 2015); pools are 2×2, stride 2 (floor).
 *
 *   layer            padding               output (defaults)   parameters
 *   input                                  28×28×1
 *   conv 16          1 ('same')            28×28×16            160
 *   conv 16          1 ('same')            28×28×16            2,320
 *   max-pool 2                             14×14×16
 *   conv 32          1 ('same')            14×14×32            4,640
 *   zero-pad 2                             18×18×32
 *   conv 32          0 ('valid')           16×16×32            9,248
 *   max-pool 2                             8×8×32
 *   conv 64          1 ('same')            8×8×64              18,496
 *   conv 64          1 ('same')            8×8×64              36,928
 *   max-pool 2                             4×4×64
 *   flatten                                1024
 *   dense 50, ReLU                         50                  51,250
 *   dropout 0.5
 *   dense 10                               10                  510
 *   dropout 0.5, softmax                   10
 *   total                                                      123,552
 *
 * The fourth convolution's padding of 2 (zero-pad 2 then a valid 3×3 convolution, so
 * 14 → 16) is the book's choice; it makes the last pooled map 4×4, which the book's first
 * dense layer (64·4·4 inputs) expects. Dropout after the last dense layer, before the
 * softmax, is also the book's.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, heNormal, resolveConfig } from '@deeper/core';
import { SeededDropout } from './seeded-dropout';

export interface DeepCnnConfig {
  /** Input height, width, channels; default [28, 28, 1] (MNIST). */
  inputShape: [number, number, number];
  /** Filters of the six convolutions; default [16, 16, 32, 32, 64, 64] (Saito, ch. 8). */
  filters: [number, number, number, number, number, number];
  /** Units of the hidden dense layer; default 50 (Saito, ch. 8). */
  denseUnits: number;
  /** Dropout rate after each dense layer; default 0.5 (Saito, ch. 8). */
  dropout: number;
  /** Dropout rate after the last dense layer, on the logits; null (default): `dropout`, as the book does. */
  logitDropout: number | null;
  /** Output classes; default 10. */
  classes: number;
  /** End with a softmax (probabilities, as in the book) or output logits (then fit with fromLogits: true); default true. */
  softmax: boolean;
  /** Seed of the He initial weights and the dropout masks; default 0. */
  seed: number;
}

export const deepCnnDefaults: DeepCnnConfig = {
  inputShape: [28, 28, 1],
  filters: [16, 16, 32, 32, 64, 64],
  denseUnits: 50,
  dropout: 0.5,
  logitDropout: null,
  classes: 10,
  softmax: true,
  seed: 0,
};

const who = 'deepCnn';

export function resolveDeepCnnConfig(partial: Partial<DeepCnnConfig> = {}): DeepCnnConfig {
  const c = resolveConfig(who, deepCnnDefaults, partial);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3) throw new ConfigError(who, 'inputShape', '[height, width, channels]', c.inputShape);
  c.inputShape.forEach((d, i) => checkInteger(who, `inputShape[${i}]`, d, 1));
  if (!Array.isArray(c.filters) || c.filters.length !== 6) throw new ConfigError(who, 'filters', 'six positive integers, one per convolution', c.filters);
  c.filters.forEach((f, i) => checkInteger(who, `filters[${i}]`, f, 1));
  checkInteger(who, 'denseUnits', c.denseUnits, 1);
  checkNumber(who, 'dropout', c.dropout, 0, 1);
  if (c.dropout >= 1) throw new ConfigError(who, 'dropout', 'a rate in [0, 1)', c.dropout);
  if (c.logitDropout !== null) {
    checkNumber(who, 'logitDropout', c.logitDropout, 0, 1);
    if (c.logitDropout >= 1) throw new ConfigError(who, 'logitDropout', 'null or a rate in [0, 1)', c.logitDropout);
  }
  checkInteger(who, 'classes', c.classes, 2);
  if (typeof c.softmax !== 'boolean') throw new ConfigError(who, 'softmax', 'a boolean', c.softmax);
  checkInteger(who, 'seed', c.seed, 0);
  // Three 2×2 pools after a +2 padding on the way: the input must leave a map of at least 1×1.
  const side = (s: number) => Math.floor(Math.floor((Math.floor(s / 2) + 2) / 2) / 2);
  if (side(c.inputShape[0]) < 1 || side(c.inputShape[1]) < 1) {
    throw new ConfigError(who, 'inputShape', 'at least 4×4 (three 2×2 poolings must leave a 1×1 map)', c.inputShape);
  }
  return c;
}

/** Builds the network; see the table above for shapes and parameter counts. */
export function deepCnn(partial: Partial<DeepCnnConfig> = {}): tf.Sequential {
  const c = resolveDeepCnnConfig(partial);
  let k = 0;
  // Each layer its own seed, so that layers of equal shape do not start equal.
  const he = () => heNormal(c.seed * 16 + k++) as unknown as ReturnType<typeof tf.initializers.heNormal>;
  const conv = (filters: number, padding: 'same' | 'valid', first = false) => tf.layers.conv2d({
    filters, kernelSize: 3, strides: 1, padding, activation: 'relu', kernelInitializer: he(), biasInitializer: 'zeros',
    ...(first ? { inputShape: c.inputShape } : {}),
  });
  const pool = () => tf.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid' });
  const [f1, f2, f3, f4, f5, f6] = c.filters;
  const model = tf.sequential({
    layers: [
      conv(f1, 'same', true), conv(f2, 'same'), pool(),
      conv(f3, 'same'), tf.layers.zeroPadding2d({ padding: 2 }), conv(f4, 'valid'), pool(),
      conv(f5, 'same'), conv(f6, 'same'), pool(),
      tf.layers.flatten(),
      tf.layers.dense({ units: c.denseUnits, activation: 'relu', kernelInitializer: he() }),
      new SeededDropout({ rate: c.dropout, seed: c.seed * 2 }),
      tf.layers.dense({ units: c.classes, kernelInitializer: he() }),
      new SeededDropout({ rate: c.logitDropout ?? c.dropout, seed: c.seed * 2 + 1 }),
      ...(c.softmax ? [tf.layers.softmax()] : []),
    ],
  });
  return model;
}
