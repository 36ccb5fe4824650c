/**
 * The Q-network of MinAtar's reference DQN (Young & Tian 2019, examples/dqn.py): one
 * convolution of 16 3×3 filters, stride 1, no padding, ReLU; a dense layer of 128 ReLU
 * units; one linear output per action. For a 10×10×C grid that is
 * 16·(9C + 1) + 1024·128 + 128 + 129·|A| parameters (≈ 133k for Breakout's 4 channels and 6 actions).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, initializerFor, resolveConfig, ConfigError } from '@deeper/core';
import { qHead } from './q-head';

export interface MinatarQNetworkConfig {
  /** Observation shape [height, width, channels]. Default [10, 10, 4] (MinAtar Breakout). */
  inputShape: number[];
  /** Number of actions |A|. Default 6 (MinAtar's full action set). */
  actions: number;
  /** Filters of the convolution. Default 16 (the reference). */
  filters: number;
  /** Units of the hidden dense layer. Default 128 (the reference). */
  hidden: number;
  /** Dueling value/advantage streams (Wang et al. 2016). Default false. */
  dueling: boolean;
  /** Seed of the initializers; default 0. */
  seed: number;
}

export const minatarQNetworkDefaults: MinatarQNetworkConfig = { inputShape: [10, 10, 4], actions: 6, filters: 16, hidden: 128, dueling: false, seed: 0 };

export function resolveMinatarQNetworkConfig(partial: Partial<MinatarQNetworkConfig>): MinatarQNetworkConfig {
  const who = 'minatarQNetwork';
  const c = resolveConfig(who, minatarQNetworkDefaults, partial);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3 || !c.inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ConfigError(who, 'inputShape', '[height, width, channels] of positive integers', c.inputShape);
  }
  if (c.inputShape[0] < 3 || c.inputShape[1] < 3) throw new ConfigError(who, 'inputShape', 'at least 3×3 (the valid 3×3 convolution)', c.inputShape);
  checkInteger(who, 'actions', c.actions);
  checkInteger(who, 'filters', c.filters);
  checkInteger(who, 'hidden', c.hidden);
  if (typeof c.dueling !== 'boolean') throw new ConfigError(who, 'dueling', 'a boolean', c.dueling);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** Builds the network: [H, W, C] → conv 16 3×3 valid → ReLU → flatten → dense 128 ReLU → Q(s, ·). */
export function minatarQNetwork(config: Partial<MinatarQNetworkConfig> = {}): tf.LayersModel {
  const c = resolveMinatarQNetworkConfig(config);
  const input = tf.input({ shape: c.inputShape });
  const conv = tf.layers.conv2d({
    filters: c.filters, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu',
    kernelInitializer: initializerFor('relu', c.seed * 31 + 20), name: 'conv',
  }).apply(input) as tf.SymbolicTensor;
  const features = tf.layers.flatten({ name: 'flatten' }).apply(conv) as tf.SymbolicTensor;
  const q = qHead(features, { actions: c.actions, hidden: c.hidden, dueling: c.dueling, seed: c.seed });
  return tf.model({ inputs: input, outputs: q, name: 'minatar_q_network' });
}
