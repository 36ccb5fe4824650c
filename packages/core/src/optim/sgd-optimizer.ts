/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum, as torch.optim.SGD:
 * the buffer starts as the first gradient, b ← μ b + (1−dampening) g afterwards, and Nesterov
 * steps along g + μ b (Sutskever et al. 2013, in PyTorch's reformulation).
 */
import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer, type SlotUpdate, type SlotUpdateArgs } from './slot-optimizer';

export interface SgdHyperparameters { learningRate: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number }

export class SgdOptimizer extends SlotOptimizer {
  static className = 'DeeperSgd';
  protected readonly slotNames: readonly string[];

  constructor(readonly hyperparameters: SgdHyperparameters) {
    super(hyperparameters.learningRate, hyperparameters.weightDecay);
    this.slotNames = hyperparameters.momentum === 0 ? [] : ['momentumBuffer'];
  }

  protected update({ value, gradient: g, slots, learningRate, fresh }: SlotUpdateArgs): SlotUpdate {
    const { momentum: mu, dampening, nesterov } = this.hyperparameters;
    if (mu === 0) return { value: tf.sub(value, tf.mul(g, learningRate)), slots: {} }; // θ ← θ − lr g
    const buffer = fresh
      ? g // PyTorch seeds the buffer with the undampened first gradient
      : tf.add(tf.mul(slots.momentumBuffer, mu), tf.mul(g, 1 - dampening)); // b ← μ b + (1−d) g
    const direction = nesterov ? tf.add(g, tf.mul(buffer, mu)) : buffer; // Nesterov: g + μ b
    return { value: tf.sub(value, tf.mul(direction, learningRate)), slots: { momentumBuffer: buffer } };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.hyperparameters, learningRate: this.learningRate };
  }
}
