/**
 * One DQN update (Mnih et al. 2015, Algorithm 1 and eq. 3), on a minibatch of transitions
 * (s, a, r, s', terminated) drawn from replay:
 *
 *   y  = r + γⁿ · (1 − terminated) · max_a' Q(s', a'; θ⁻)          the TD target, from the target network
 *        (Double DQN, van Hasselt et al. 2016: Q(s', argmax_a' Q(s', a'; θ); θ⁻))
 *   δ  = Q(s, a; θ) − y                                            the TD error
 *   L  = mean_i wᵢ · ℓ(δᵢ)                                         ℓ Huber or squared; wᵢ = 1 unless prioritized
 *   θ ← optimizer(θ, ∇θ L)                                         gradient-norm clipping inside the optimizer
 *
 * y is computed outside the gradient tape: it is a regression target, not a function of θ.
 * A time-out (`truncated`) is not `terminated`, so it bootstraps; n = 1 unless the
 * transition sums n rewards (n-step returns).
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainingOptimizer } from '@deeper/core';
import type { UpdateBatch } from './batch-tensors';
import { tdLoss, type TdLossName } from './td-loss';

export interface DqnUpdateConfig {
  /** Discount γ. */
  gamma: number;
  /** ℓ: 'huber' (κ = 1) or 'mse'. */
  loss: TdLossName;
  /** Double DQN's target (van Hasselt et al. 2016). */
  double: boolean;
}

/** What one update reports, as plain numbers. */
export interface DqnUpdateResult {
  /** L, the minibatch's mean (weighted) TD loss. */
  loss: number;
  /** Mean of Q(s, a; θ) over the minibatch, before the step. */
  meanQ: number;
  /** δ per transition (for prioritized replay's priorities). */
  tdErrors: Float32Array;
}

/** The trainable variables of `model`, in order. */
export function variablesOf(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** The entries of each row of `q` ([batch, actions]) at column `actions[i]`. */
function pick(q: tf.Tensor, actions: tf.Tensor1D): tf.Tensor1D {
  // A one-hot product rather than gather: its gradient is a product too, not a scatter.
  return tf.sum(tf.mul(q, tf.oneHot(actions, q.shape[1]!)), 1) as tf.Tensor1D;
}

export function dqnUpdate(
  qNetwork: tf.LayersModel,
  targetNetwork: tf.LayersModel,
  optimizer: TrainingOptimizer,
  batch: UpdateBatch,
  config: DqnUpdateConfig,
  variables: tf.Variable[] = variablesOf(qNetwork),
): DqnUpdateResult {
  const { gamma, double } = config;
  const { observations: s, actions: a, rewards: r, nextObservations: sNext, terminated, steps: n, weights: w } = batch;

  const tdTarget = tf.tidy(() => {
    const nextQ = targetNetwork.apply(sNext) as tf.Tensor; // Q(s', ·; θ⁻)
    const bootstrap = double
      ? pick(nextQ, tf.argMax(qNetwork.apply(sNext) as tf.Tensor, 1) as tf.Tensor1D) // Q(s', argmax_a' Q(s', a'; θ); θ⁻)
      : tf.max(nextQ, 1); // max_a' Q(s', a'; θ⁻)
    const discount = tf.pow(tf.scalar(gamma), n); // γⁿ
    return tf.add(r, tf.mul(tf.mul(discount, tf.sub(1, terminated)), bootstrap)); // y = r + γⁿ (1 − terminated) · bootstrap
  });

  let meanQ: tf.Scalar | undefined;
  let tdError: tf.Tensor1D | undefined;
  let lossTensor: tf.Scalar | undefined;
  try {
    lossTensor = optimizer.step(() => {
      const qTaken = pick(qNetwork.apply(s, { training: true }) as tf.Tensor, a); // Q(s, a; θ)
      const delta = tf.sub(qTaken, tdTarget); // δ = Q(s, a; θ) − y
      meanQ = tf.keep(tf.mean(qTaken)) as tf.Scalar;
      tdError = tf.keep(delta) as tf.Tensor1D;
      const perSample = tdLoss(config.loss, delta); // ℓ(δ)
      return tf.mean(w === null ? perSample : tf.mul(w, perSample)); // L = mean wᵢ ℓ(δᵢ)
    }, variables);
    // One read-back for the three results.
    const packed = tf.tidy(() => tf.concat([tf.reshape(lossTensor!, [1]), tf.reshape(meanQ!, [1]), tdError!]));
    const values = Float32Array.from(packed.dataSync());
    packed.dispose();
    return { loss: values[0], meanQ: values[1], tdErrors: values.subarray(2) };
  } finally {
    tf.dispose([tdTarget, ...(meanQ ? [meanQ] : []), ...(tdError ? [tdError] : []), ...(lossTensor ? [lossTensor] : [])]);
  }
}
