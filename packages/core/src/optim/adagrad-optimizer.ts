/**
 * Adagrad (Duchi et al. 2011) as torch.optim.Adagrad: s ← s + g², θ ← θ − lr g / (√s + ε), with ε
 * outside the root and the accumulator starting at `initialAccumulatorValue` (PyTorch: 0).
 * tf.train.adagrad puts a fixed ε inside the root instead.
 */
import * as tf from '@tensorflow/tfjs';
import { SlotOptimizer, type SlotUpdate, type SlotUpdateArgs } from './slot-optimizer';

/** Resolved hyperparameters (createOptimizer fills them from OptimizerConfig, whose docs give the defaults and sources). */
export interface AdagradHyperparameters {
  /** Step size; the schedule may change it between steps (createOptimizer does). */
  learningRate: number;
  /** Added to the root of the second moment, outside the root. */
  epsilon: number;
  /** Starting value of the sum of squared gradients (PyTorch default 0). */
  initialAccumulatorValue: number;
  /** L2 penalty λ added to the gradient (PyTorch's coupled weight_decay); 0 for none. */
  weightDecay: number;
}

export class AdagradOptimizer extends SlotOptimizer {
  static className = 'DeeperAdagrad';
  protected readonly slotNames = ['sum'] as const;

  constructor(readonly hyperparameters: AdagradHyperparameters) {
    super(hyperparameters.learningRate, hyperparameters.weightDecay);
  }

  protected override initialSlot(_slot: string, variable: tf.Variable): tf.Tensor {
    return tf.fill(variable.shape, this.hyperparameters.initialAccumulatorValue);
  }

  protected update({ value, gradient: g, slots, learningRate }: SlotUpdateArgs): SlotUpdate {
    const sum = tf.add(slots.sum, tf.square(g)); // s ← s + g²
    const step = tf.div(g, tf.add(tf.sqrt(sum), this.hyperparameters.epsilon)); // g / (√s + ε)
    return { value: tf.sub(value, tf.mul(step, learningRate)), slots: { sum } };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.hyperparameters, learningRate: this.learningRate };
  }
}

// Registered so that a saved optimizer (io/optimizer-checkpoint) can be rebuilt from its class name and getConfig().
tf.serialization.registerClass(AdagradOptimizer);
