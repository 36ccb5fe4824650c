/**
 * The classifiers a command line can name. Each entry builds a fresh model, with seeded
 * weights, for any input shape and class count it supports; every model outputs softmax
 * probabilities (so `evaluate`, `fit` and `Ensemble` take them with their defaults).
 */
import type * as tf from '@tensorflow/tfjs';
import { DeeperError } from '@deeper/core';
import { deepCnn } from '../deep-cnn';
import type { ClassifierModelConfig } from './classifier-model-config';
import { inceptionNet } from './inception-net';
import { mlp } from './mlp';
import { resNet } from './res-net';
import { vggNet } from './vgg-net';

export interface ClassifierModelSpec {
  /** One line: what the network is and where it comes from. */
  description: string;
  /** Input sizes it is meant for, in words. */
  inputSizes: string;
  /** Builds it; `options` are extra fields of the model's own config (e.g. { dropout: 0.2 }). */
  build(config: ClassifierModelConfig, options?: Record<string, unknown>): tf.LayersModel;
}

export const classifierModels = {
  'deep-cnn': {
    description: 'the textbook deep CNN: six 3×3 convolutions, three pools, dense 50, dropout 0.5 (Saito 2016, ch. 8)',
    inputSizes: 'any ≥ 4×4, grey or RGB (made for 28×28×1)',
    build: (c, options = {}) => deepCnn({ ...options, inputShape: c.inputShape, classes: c.classes, seed: c.seed }),
  },
  vgg: {
    description: 'VGG-style: three stages of two 3×3 conv-BN-ReLU (32, 64, 128) and max-pools, dense 256, dropout 0.5 (Simonyan & Zisserman 2014)',
    inputSizes: 'any ≥ 8×8 (28×28 or 32×32)',
    build: (c, options = {}) => vggNet({ ...options, ...c }),
  },
  resnet20: {
    description: 'ResNet-20: 3×3 conv 16, three stages of three basic residual blocks (16, 32, 64), global average pool (He et al. 2016, §4.2)',
    inputSizes: '28×28 or 32×32, grey or RGB (any ≥ 8×8)',
    build: (c, options = {}) => resNet({ ...options, ...c, blocksPerStage: 3 }),
  },
  inception: {
    description: 'GoogLeNet-style: 3×3 stem, inception 3a, 3b, pool, 4a at half GoogLeNet\'s channels, global average pool, dropout 0.4 (Szegedy et al. 2015)',
    inputSizes: 'any ≥ 10×10 (28×28 or 32×32)',
    build: (c, options = {}) => inceptionNet({ ...options, ...c }),
  },
  mlp: {
    description: 'baseline multilayer perceptron: flatten, dense 256, dense 128, ReLU',
    inputSizes: 'any',
    build: (c, options = {}) => mlp({ ...options, ...c }),
  },
} satisfies Record<string, ClassifierModelSpec>;

export type ClassifierModelName = keyof typeof classifierModels;
export const classifierModelNames = Object.keys(classifierModels) as ClassifierModelName[];

/** Builds the registered model `name`; an unknown name raises, listing the known ones. */
export function buildClassifier(name: string, config: ClassifierModelConfig, options: Record<string, unknown> = {}): tf.LayersModel {
  if (!Object.hasOwn(classifierModels, name)) {
    throw new DeeperError(`buildClassifier expects a model name among ${classifierModelNames.join(', ')}, but received ${JSON.stringify(name)}. \`deeper classify models\` lists them`);
  }
  return (classifierModels[name as ClassifierModelName] as ClassifierModelSpec).build(config, options);
}

/** Trainable plus non-trainable parameters (batch-norm statistics included), as Keras's summary counts them. */
export function countParameters(model: tf.LayersModel): { total: number; trainable: number } {
  const size = (w: tf.LayerVariable) => w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
  const total = model.weights.reduce((n, w) => n + size(w), 0);
  const trainable = model.trainableWeights.reduce((n, w) => n + size(w), 0);
  return { total, trainable };
}
