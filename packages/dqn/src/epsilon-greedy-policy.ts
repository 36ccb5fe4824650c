/**
 * ε-greedy action selection (Mnih et al. 2015): with probability ε a uniformly random
 * action, otherwise argmax_a Q(s, a; θ). The coin and the random action come from a
 * TrainRng (one 32-bit word of state), so that a checkpoint can store it; when ε = 1 the
 * network is not evaluated at all.
 */
import * as tf from '@tensorflow/tfjs';
import { TrainRng } from '@deeper/core';
import type { NativeQNetwork } from './native-q-network';
import { widenObservations, type BatchTensors } from './batch-tensors';
import { argmaxRow } from './argmax-row';

export class EpsilonGreedyPolicy {
  readonly rng: TrainRng;

  /** With `native` (`nativeQNetwork(qNetwork, 1)`), Q(s, ·) comes from it instead of tfjs kernels. */
  constructor(readonly qNetwork: tf.LayersModel, readonly actions: number, readonly tensors: BatchTensors, seed: number, readonly native: NativeQNetwork | null = null) {
    this.rng = new TrainRng(seed);
  }

  /** Q(s, ·; θ) by the native chain. */
  private nativeQ(observation: ArrayLike<number>): Float32Array {
    widenObservations(this.native!.inputView(1), observation, this.tensors.scale);
    return this.native!.forward(1);
  }

  /** argmax_a Q(s, a; θ) for one observation (ties go to the lowest action). */
  greedy(observation: ArrayLike<number>): number {
    if (this.native) {
      const q = this.nativeQ(observation);
      return argmaxRow(q, 0, q.length);
    }
    const best = tf.tidy(() => tf.argMax(this.qNetwork.apply(this.tensors.observations(observation, 1)) as tf.Tensor, 1));
    try {
      return best.dataSync()[0];
    } finally {
      best.dispose();
    }
  }

  /** Q(s, ·; θ) for one observation, as numbers. */
  qValues(observation: ArrayLike<number>): number[] {
    if (this.native) return Array.from(this.nativeQ(observation));
    const q = tf.tidy(() => this.qNetwork.apply(this.tensors.observations(observation, 1)) as tf.Tensor);
    try {
      return Array.from(q.dataSync());
    } finally {
      q.dispose();
    }
  }

  /** An action for `observation`: uniform with probability `epsilon`, else greedy. */
  act(observation: ArrayLike<number>, epsilon: number): number {
    if (epsilon >= 1 || (epsilon > 0 && this.rng.nextUint32() / 0x100000000 < epsilon)) return this.rng.nextInt(this.actions);
    return this.greedy(observation);
  }
}
