/**
 * The last layers of a Q-network: one linear output per action, or with `dueling` the
 * dueling architecture (Wang et al. 2016, "Dueling Network Architectures for Deep
 * Reinforcement Learning", eq. 9): a value stream V(s) and an advantage stream A(s, a),
 * combined as Q(s, a) = V(s) + A(s, a) − mean_a' A(s, a').
 */
import * as tf from '@tensorflow/tfjs';
import { initializerFor } from '@deeper/core';

/** Q = V + A − mean(A): the dueling aggregation, as a serializable layer. */
export class DuelingAggregation extends tf.layers.Layer {
  static className = 'DeeperDuelingAggregation';

  override computeOutputShape(inputShape: tf.Shape[]): tf.Shape {
    return inputShape[1];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [value, advantage] = inputs as tf.Tensor[];
      return tf.add(value, tf.sub(advantage, tf.mean(advantage, -1, true))); // V + (A − mean A)
    });
  }
}

tf.serialization.registerClass(DuelingAggregation);

export interface QHeadConfig {
  /** Number of actions |A|. */
  actions: number;
  /** Hidden units of each stream before its output (0: the streams are single linear layers). */
  hidden: number;
  /** Split into value and advantage streams (Wang et al. 2016). */
  dueling: boolean;
  /** Seed of the initializers, or null. */
  seed: number | null;
}

const seedAt = (seed: number | null, k: number) => (seed === null ? null : seed * 31 + k);

/**
 * Wires the head onto the features `x` and returns Q(s, ·). Without `dueling`, `hidden` > 0
 * adds one ReLU layer before the output (the plain DQN head); with it, each stream gets its
 * own hidden layer of that size, as in Wang et al.'s network.
 */
export function qHead(x: tf.SymbolicTensor, c: QHeadConfig): tf.SymbolicTensor {
  const dense = (input: tf.SymbolicTensor, units: number, activation: 'relu' | 'linear', k: number, name: string) =>
    tf.layers.dense({ units, activation, kernelInitializer: initializerFor(activation, seedAt(c.seed, k)), name }).apply(input) as tf.SymbolicTensor;
  if (!c.dueling) {
    const h = c.hidden > 0 ? dense(x, c.hidden, 'relu', 1, 'q_hidden') : x;
    return dense(h, c.actions, 'linear', 2, 'q_values');
  }
  const hv = c.hidden > 0 ? dense(x, c.hidden, 'relu', 3, 'value_hidden') : x;
  const ha = c.hidden > 0 ? dense(x, c.hidden, 'relu', 4, 'advantage_hidden') : x;
  const value = dense(hv, 1, 'linear', 5, 'value');
  const advantage = dense(ha, c.actions, 'linear', 6, 'advantage');
  return new DuelingAggregation({ name: 'q_values' }).apply([value, advantage]) as tf.SymbolicTensor;
}
