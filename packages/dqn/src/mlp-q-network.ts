/**
 * The Q-network for vector observations (CartPole, Acrobot, MountainCar): a multilayer
 * perceptron, ReLU hidden layers, one linear output per action.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, initializerFor, resolveConfig, ConfigError } from '@deeper/core';
import { qHead } from './q-head';

export interface MlpQNetworkConfig {
  /** Length of the observation vector. Required. */
  inputSize: number;
  /** Number of actions |A|. Required. */
  actions: number;
  /** Units of each hidden ReLU layer. Default [256, 256] (RL Baselines3 Zoo's CartPole-v1 DQN, net_arch). */
  hidden: number[];
  /** Dueling value/advantage streams (Wang et al. 2016). Default false. */
  dueling: boolean;
  /** Seed of the initializers; default 0. */
  seed: number;
}

export const mlpQNetworkDefaults: MlpQNetworkConfig = { inputSize: 0, actions: 0, hidden: [256, 256], dueling: false, seed: 0 };

export function resolveMlpQNetworkConfig(partial: Partial<MlpQNetworkConfig>): MlpQNetworkConfig {
  const who = 'mlpQNetwork';
  const c = resolveConfig(who, mlpQNetworkDefaults, partial);
  checkInteger(who, 'inputSize', c.inputSize);
  checkInteger(who, 'actions', c.actions);
  if (!Array.isArray(c.hidden) || c.hidden.length === 0) throw new ConfigError(who, 'hidden', 'a non-empty array of positive integers', c.hidden);
  c.hidden.forEach((u, i) => checkInteger(who, `hidden[${i}]`, u));
  if (typeof c.dueling !== 'boolean') throw new ConfigError(who, 'dueling', 'a boolean', c.dueling);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** Builds the MLP: input [inputSize] → hidden ReLU layers → Q(s, ·) of size `actions`. */
export function mlpQNetwork(config: Partial<MlpQNetworkConfig>): tf.LayersModel {
  const c = resolveMlpQNetworkConfig(config);
  const input = tf.input({ shape: [c.inputSize] });
  let x = input;
  // The last hidden layer belongs to the head, so that dueling splits it into two streams.
  const trunk = c.hidden.slice(0, -1);
  trunk.forEach((units, i) => {
    x = tf.layers.dense({ units, activation: 'relu', kernelInitializer: initializerFor('relu', c.seed * 31 + 10 + i) }).apply(x) as tf.SymbolicTensor;
  });
  const q = qHead(x, { actions: c.actions, hidden: c.hidden[c.hidden.length - 1], dueling: c.dueling, seed: c.seed });
  return tf.model({ inputs: input, outputs: q, name: 'mlp_q_network' });
}
