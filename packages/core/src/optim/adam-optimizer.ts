/**
 * Adam (Kingma & Ba 2015, Algorithm 1) exactly as torch.optim.Adam computes it: the bias
 * corrections divide the moments, and ε is added after the square root of the corrected second
 * moment. (tf.train.adam folds the corrections into the step size, which moves ε by √(1−β₂ᵗ).)
 */
import * as tf from '@tensorflow/tfjs';
import { AdamStep, fusedOptimizerStep, fusedOptimizerStepInPlace } from '../backend/wasm-kernels/fused-optimizer-step';
import { SlotOptimizer, type FusedUpdateArgs, type SlotUpdate, type SlotUpdateArgs } from './slot-optimizer';

/** Resolved hyperparameters (createOptimizer fills them from OptimizerConfig, whose docs give the defaults and sources). */
export interface AdamHyperparameters {
  /** Step size; the schedule may change it between steps (createOptimizer does). */
  learningRate: number;
  /** Decay of the first-moment average (PyTorch default 0.9). */
  beta1: number;
  /** Decay of the second-moment average (PyTorch default 0.999). */
  beta2: number;
  /** Added to the root of the second moment, outside the root. */
  epsilon: number;
  /** L2 penalty λ added to the gradient (PyTorch's coupled weight_decay); 0 for none. */
  weightDecay: number;
}

export class AdamOptimizer extends SlotOptimizer {
  static className = 'DeeperAdam';
  protected readonly slotNames = ['m', 'v'] as const;

  constructor(readonly hyperparameters: AdamHyperparameters) {
    super(hyperparameters.learningRate, hyperparameters.weightDecay);
  }

  protected update({ value, gradient: g, slots, learningRate, t }: SlotUpdateArgs): SlotUpdate {
    const { beta1, beta2, epsilon } = this.hyperparameters;
    const m = tf.add(tf.mul(slots.m, beta1), tf.mul(g, 1 - beta1)); // m ← β₁ m + (1−β₁) g
    const v = tf.add(tf.mul(slots.v, beta2), tf.mul(tf.square(g), 1 - beta2)); // v ← β₂ v + (1−β₂) g²
    const mHat = tf.div(m, 1 - beta1 ** t); // m̂ = m / (1−β₁ᵗ)
    const vHat = tf.div(v, 1 - beta2 ** t); // v̂ = v / (1−β₂ᵗ)
    const step = tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)); // m̂ / (√v̂ + ε)
    return { value: tf.sub(value, tf.mul(step, learningRate)), slots: { m, v } };
  }

  /** The update above as one kernel (DeeperAdamStep) where the backend has it. */
  protected override fusedUpdate({ value, gradient, slots, learningRate, t }: FusedUpdateArgs): tf.Tensor[] | null {
    const { beta1, beta2, epsilon, weightDecay } = this.hyperparameters;
    return fusedOptimizerStep(AdamStep, { value, gradient, ...slots }, { learningRate, beta1, beta2, epsilon, weightDecay, t });
  }

  /** The same kernel's pass written in place where nothing else sees the buffers. */
  protected override fusedUpdateInPlace({ value, gradient, slots, learningRate, t }: FusedUpdateArgs): boolean {
    const { beta1, beta2, epsilon, weightDecay } = this.hyperparameters;
    return fusedOptimizerStepInPlace(AdamStep, { value, gradient, ...slots }, { learningRate, beta1, beta2, epsilon, weightDecay, t });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.hyperparameters, learningRate: this.learningRate };
  }
}

// Registered so that a saved optimizer (io/optimizer-checkpoint) can be rebuilt from its class name and getConfig().
tf.serialization.registerClass(AdamOptimizer);
