/**
 * The Q-network of Nature DQN (Mnih et al. 2015, "Methods: model architecture"): 84×84×4
 * stacked frames → conv 32 8×8 stride 4 → conv 64 4×4 stride 2 → conv 64 3×3 stride 1
 * (ReLU each, no padding) → dense 512 ReLU → one linear output per action. Frames arrive
 * as bytes; the trainer scales them by 1/255 (`observationScale`).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, initializerFor, resolveConfig, ConfigError } from '@deeper/core';
import { qHead } from './q-head';

export interface NatureQNetworkConfig {
  /** Observation shape [height, width, frames]. Default [84, 84, 4] (Mnih et al. 2015). */
  inputShape: number[];
  /** Number of actions |A|. Default 18 (the full Atari set). */
  actions: number;
  /** Dueling value/advantage streams (Wang et al. 2016). Default false. */
  dueling: boolean;
  /** Seed of the initializers; default 0. */
  seed: number;
}

export const natureQNetworkDefaults: NatureQNetworkConfig = { inputShape: [84, 84, 4], actions: 18, dueling: false, seed: 0 };

export function resolveNatureQNetworkConfig(partial: Partial<NatureQNetworkConfig>): NatureQNetworkConfig {
  const who = 'natureQNetwork';
  const c = resolveConfig(who, natureQNetworkDefaults, partial);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3 || !c.inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ConfigError(who, 'inputShape', '[height, width, frames] of positive integers', c.inputShape);
  }
  // 8/4 → 4/2 → 3/1 valid convolutions need at least 36 pixels a side to leave one output.
  if (c.inputShape[0] < 36 || c.inputShape[1] < 36) throw new ConfigError(who, 'inputShape', 'at least 36×36 (three valid convolutions, strides 4 and 2)', c.inputShape);
  checkInteger(who, 'actions', c.actions);
  if (typeof c.dueling !== 'boolean') throw new ConfigError(who, 'dueling', 'a boolean', c.dueling);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** Builds the Nature DQN network. */
export function natureQNetwork(config: Partial<NatureQNetworkConfig> = {}): tf.LayersModel {
  const c = resolveNatureQNetworkConfig(config);
  const input = tf.input({ shape: c.inputShape });
  let x = input;
  const convs: [number, number, number][] = [[32, 8, 4], [64, 4, 2], [64, 3, 1]];
  convs.forEach(([filters, kernelSize, strides], i) => {
    x = tf.layers.conv2d({
      filters, kernelSize, strides, padding: 'valid', activation: 'relu',
      kernelInitializer: initializerFor('relu', c.seed * 31 + 30 + i), name: `conv${i + 1}`,
    }).apply(x) as tf.SymbolicTensor;
  });
  const features = tf.layers.flatten({ name: 'flatten' }).apply(x) as tf.SymbolicTensor;
  const q = qHead(features, { actions: c.actions, hidden: 512, dueling: c.dueling, seed: c.seed });
  return tf.model({ inputs: input, outputs: q, name: 'nature_q_network' });
}
