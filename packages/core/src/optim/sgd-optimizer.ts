/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum, as torch.optim.SGD:
 * the buffer starts as the first gradient, b ← μ b + (1−dampening) g afterwards, and Nesterov
 * steps along g + μ b (Sutskever et al. 2013, in PyTorch's reformulation).
 */
import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer, type SlotUpdate, type SlotUpdateArgs } from './slot-optimizer';

/** Resolved hyperparameters (createOptimizer fills them from OptimizerConfig, whose docs give the defaults and sources). */
export interface SgdHyperparameters {
  /** Step size; the schedule may change it between steps (createOptimizer does). */
  learningRate: number;
  /** Momentum factor μ; 0 for none. */
  momentum: number;
  /** Scales the gradient added to the momentum buffer after the first step: (1 − dampening). */
  dampening: number;
  /** Step along g + μ b instead of b (PyTorch SGD(nesterov=True)). */
  nesterov: boolean;
  /** L2 penalty λ added to the gradient (PyTorch's coupled weight_decay); 0 for none. */
  weightDecay: number;
}

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

// Registered so that a saved optimizer (io/optimizer-checkpoint) can be rebuilt from its class name and getConfig().
tf.serialization.registerClass(SgdOptimizer);
