/**
 * The DQN update of dqn-update.ts, the same equations, with the networks' passes run by
 * core's NativeChain (the native addon on the wasm heap) instead of tfjs kernels:
 *
 *   y  = r + γⁿ · (1 − terminated) · max_a' Q(s', a'; θ⁻)        (Double DQN: Q(s', argmax_a' Q(s', a'; θ); θ⁻))
 *   δ  = Q(s, a; θ) − y
 *   L  = (1/B) Σᵢ wᵢ ℓ(δᵢ),   ∂L/∂Q(sᵢ, aᵢ) = wᵢ ℓ'(δᵢ) / B,  0 for the other actions
 *        ℓ'(δ) = clamp(δ, −1, 1) for Huber (κ = 1), 2δ for the squared error
 *   θ ← optimizer(θ, ∇θ L)                                       the same TrainingOptimizer, clipping included
 *
 * The passes write and read the chains' buffers directly and the loss and its gradient are a
 * loop over the B sampled transitions, so an update is a dozen addon calls and the
 * optimizer's step, where the tfjs path runs about 140 kernels (docs/results/dqn.md).
 * Results agree with dqnUpdate's to float rounding (test/dqn/native-dqn-update.test.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import type { TrainingOptimizer } from '@deeper/core';
import { nativeQNetwork, type NativeQNetwork } from './native-q-network';
import type { DqnUpdateConfig, DqnUpdateResult } from './dqn-update';
import type { PrioritizedBatch } from './prioritized-replay-buffer';
import type { ReplayBatch } from './replay-buffer';
import { widenObservations } from './batch-tensors';
import { argmaxRow } from './argmax-row';

/** Milliseconds spent in each part of `update`, added to on every call that is given one (for `deeper bench dqn --profile`). */
export interface NativeDqnTimings {
  /** The target network's pass on s′ (and the online one's, for Double DQN) and the bootstrap values. */
  target: number;
  /** The online network's pass on s, the loss and its gradient. */
  forward: number;
  /** The backward pass. */
  backward: number;
  /** The optimizer's step. */
  optimizer: number;
}

export class NativeDqnUpdate {
  private readonly online: NativeQNetwork;
  private readonly target: NativeQNetwork;
  private readonly actions: number;
  private bootstrap: Float64Array;

  /**
   * For minibatches of up to `maxBatch` transitions. Both networks must be ones that
   * `nativeQNetwork` runs (check `nativeQNetworkUnsupported` first); `scale` multiplies observations.
   */
  constructor(
    readonly qNetwork: tf.LayersModel,
    readonly targetNetwork: tf.LayersModel,
    readonly optimizer: TrainingOptimizer,
    readonly config: DqnUpdateConfig,
    readonly maxBatch: number,
    readonly scale = 1,
  ) {
    this.online = nativeQNetwork(qNetwork, maxBatch);
    this.target = nativeQNetwork(targetNetwork, maxBatch);
    this.actions = this.online.outputSize;
    this.bootstrap = new Float64Array(maxBatch);
  }

  update(batch: ReplayBatch | PrioritizedBatch, timings?: NativeDqnTimings): DqnUpdateResult {
    const started = timings ? performance.now() : 0;
    const { gamma, double } = this.config;
    const B = batch.size;
    const A = this.actions;
    const boot = this.bootstrap;

    // max_a' Q(s', a'; θ⁻), or with Double DQN Q(s', argmax_a' Q(s', a'; θ); θ⁻).
    widenObservations(this.target.inputView(B), batch.nextObservations, this.scale);
    const nextQ = this.target.forward(B);
    let greedy: Int32Array | null = null;
    if (double) {
      widenObservations(this.online.inputView(B), batch.nextObservations, this.scale);
      const onlineNextQ = this.online.forward(B);
      greedy = new Int32Array(B);
      for (let i = 0; i < B; i++) greedy[i] = argmaxRow(onlineNextQ, i * A, A);
    }
    for (let i = 0; i < B; i++) {
      if (greedy) {
        boot[i] = nextQ[i * A + greedy[i]];
      } else {
        let max = nextQ[i * A];
        for (let a = 1; a < A; a++) max = Math.max(max, nextQ[i * A + a]);
        boot[i] = max;
      }
    }

    const targetDone = timings ? performance.now() : 0;

    // Q(s, a; θ), δ, L and ∂L/∂Q.
    widenObservations(this.online.inputView(B), batch.observations, this.scale);
    const q = this.online.forward(B);
    const weights = 'weights' in batch ? batch.weights : null;
    const tdErrors = new Float32Array(B);
    const dq = new Float32Array(B * A);
    let loss = 0;
    let qSum = 0;
    for (let i = 0; i < B; i++) {
      const y = batch.rewards[i] + Math.pow(gamma, batch.steps[i]) * (1 - batch.terminated[i]) * boot[i];
      const qTaken = q[i * A + batch.actions[i]];
      const delta = Math.fround(qTaken - Math.fround(y));
      const w = weights === null ? 1 : weights[i];
      const absolute = Math.abs(delta);
      let l: number;
      let dl: number;
      if (this.config.loss === 'mse') {
        l = delta * delta;
        dl = 2 * delta;
      } else {
        l = absolute <= 1 ? 0.5 * delta * delta : absolute - 0.5;
        dl = Math.max(-1, Math.min(1, delta));
      }
      loss += w * l;
      qSum += qTaken;
      tdErrors[i] = delta;
      dq[i * A + batch.actions[i]] = (w * dl) / B;
    }
    this.online.outputGradientView().set(dq);
    const forwardDone = timings ? performance.now() : 0;
    const grads = this.online.backward();
    const backwardDone = timings ? performance.now() : 0;
    this.optimizer.applyGradients(grads);
    if (timings) {
      timings.target += targetDone - started;
      timings.forward += forwardDone - targetDone;
      timings.backward += backwardDone - forwardDone;
      timings.optimizer += performance.now() - backwardDone;
    }
    return { loss: Math.fround(loss / B), meanQ: Math.fround(qSum / B), tdErrors };
  }

  dispose(): void {
    this.online.dispose();
    this.target.dispose();
  }
}
