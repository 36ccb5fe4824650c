/**
 * RMSProp (Tieleman & Hinton 2012; centred variant from Graves 2013) as torch.optim.RMSprop:
 * v ← α v + (1−α) g²; centred: ḡ ← α ḡ + (1−α) g and the denominator is √(v − ḡ²) + ε, with ε
 * OUTSIDE the root. tf.train.rmsprop's centred form divides by √(v − (ḡ² + ε)) (tfjs-core 4.22,
 * rmsprop_optimizer.js), which is NaN whenever v − ḡ² < ε, e.g. on the first steps with ε = 0.01;
 * hence deeper's own.
 */
import * as tf from '@tensorflow/tfjs';
import { RmspropStep, fusedOptimizerStep, fusedOptimizerStepInPlace } from '../backend/wasm-kernels/fused-optimizer-step';
import { SlotOptimizer, type FusedUpdateArgs, type SlotUpdate, type SlotUpdateArgs } from './slot-optimizer';

/** Resolved hyperparameters (createOptimizer fills them from OptimizerConfig, whose docs give the defaults and sources). */
export interface RmspropHyperparameters {
  /** Step size; the schedule may change it between steps (createOptimizer does). */
  learningRate: number;
  /** Smoothing constant α of the squared-gradient average (PyTorch default 0.99). */
  alpha: number;
  /** Added to the root of the second moment, outside the root. */
  epsilon: number;
  /** Momentum factor μ; 0 for none. */
  momentum: number;
  /** Divide by the root of the centred second moment v − ḡ² (Graves 2013). */
  centered: boolean;
  /** L2 penalty λ added to the gradient (PyTorch's coupled weight_decay); 0 for none. */
  weightDecay: number;
}

export class RmspropOptimizer extends SlotOptimizer {
  static className = 'DeeperRmsprop';
  protected readonly slotNames: readonly string[];

  constructor(readonly hyperparameters: RmspropHyperparameters) {
    super(hyperparameters.learningRate, hyperparameters.weightDecay);
    this.slotNames = [
      'squareAverage',
      ...(hyperparameters.centered ? ['gradientAverage'] : []),
      ...(hyperparameters.momentum > 0 ? ['momentumBuffer'] : []),
    ];
  }

  protected update({ value, gradient: g, slots, learningRate }: SlotUpdateArgs): SlotUpdate {
    const { alpha, epsilon, momentum: mu, centered } = this.hyperparameters;
    const squareAverage = tf.add(tf.mul(slots.squareAverage, alpha), tf.mul(tf.square(g), 1 - alpha)); // v ← α v + (1−α) g²
    const next: Record<string, tf.Tensor> = { squareAverage };
    let variance: tf.Tensor = squareAverage;
    if (centered) {
      const gradientAverage = tf.add(tf.mul(slots.gradientAverage, alpha), tf.mul(g, 1 - alpha)); // ḡ ← α ḡ + (1−α) g
      next.gradientAverage = gradientAverage;
      // v − ḡ² ≥ 0 in exact arithmetic (Cauchy–Schwarz on the EMA weights); the clamp keeps float
      // round-off from reaching the square root as a tiny negative number.
      variance = tf.relu(tf.sub(squareAverage, tf.square(gradientAverage)));
    }
    const denominator = tf.add(tf.sqrt(variance), epsilon); // √(v [− ḡ²]) + ε
    let step = tf.div(g, denominator);
    if (mu > 0) {
      step = tf.add(tf.mul(slots.momentumBuffer, mu), step); // b ← μ b + g / denominator
      next.momentumBuffer = step;
    }
    return { value: tf.sub(value, tf.mul(step, learningRate)), slots: next };
  }

  /** The update above as one kernel (DeeperRmspropStep) where the backend has it. */
  protected override fusedUpdate({ value, gradient, slots, learningRate }: FusedUpdateArgs): tf.Tensor[] | null {
    const { alpha, epsilon, momentum, centered, weightDecay } = this.hyperparameters;
    return fusedOptimizerStep(RmspropStep, { value, gradient, ...slots }, { learningRate, alpha, epsilon, momentum, centered, weightDecay });
  }

  /** The same kernel's pass written in place where nothing else sees the buffers. */
  protected override fusedUpdateInPlace({ value, gradient, slots, learningRate }: FusedUpdateArgs): boolean {
    const { alpha, epsilon, momentum, centered, weightDecay } = this.hyperparameters;
    return fusedOptimizerStepInPlace(RmspropStep, { value, gradient, ...slots }, { learningRate, alpha, epsilon, momentum, centered, weightDecay });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.hyperparameters, learningRate: this.learningRate };
  }
}

// Registered so that a saved optimizer (io/optimizer-checkpoint) can be rebuilt from its class name and getConfig().
tf.serialization.registerClass(RmspropOptimizer);
