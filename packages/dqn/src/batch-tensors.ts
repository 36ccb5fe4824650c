/**
 * Turns replay minibatches and single observations into the float tensors the Q-network
 * reads: byte grids are widened (and scaled, for pixel frames) in JavaScript, which costs
 * less than an int → float cast on the backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { PrioritizedBatch } from './prioritized-replay-buffer';
import type { ObservationArray, ReplayBatch } from './replay-buffer';

/** The tensors of one update; `dispose` frees them. */
export interface UpdateBatch {
  observations: tf.Tensor;
  actions: tf.Tensor1D;
  rewards: tf.Tensor1D;
  nextObservations: tf.Tensor;
  terminated: tf.Tensor1D;
  /** Rewards summed per transition: the bootstrap is discounted by γ^steps. */
  steps: tf.Tensor1D;
  /** Importance-sampling weights (prioritized replay), or null for equal weights. */
  weights: tf.Tensor1D | null;
}

/** Fills `target` with the first `target.length` elements of `data` as float32, each times `scale` (1/255 for byte frames). */
export function widenObservations(target: Float32Array, data: ObservationArray | ArrayLike<number>, scale: number): void {
  const size = target.length;
  if (scale === 1) {
    if (data.length === size) target.set(data);
    else target.set(ArrayBuffer.isView(data) ? (data as ObservationArray).subarray(0, size) : Array.prototype.slice.call(data, 0, size) as number[]);
  }
  else for (let i = 0; i < size; i++) target[i] = data[i] * scale;
}

export class BatchTensors {

  /** `observationShape` of one observation; `scale` multiplies every element (1/255 for byte frames). */
  constructor(readonly observationShape: readonly number[], readonly scale = 1) {}

  /** [n, ...observationShape] float32 from `n` observations stored back to back. */
  observations(data: ObservationArray | ArrayLike<number>, n: number): tf.Tensor {
    // A fresh array each time: the cpu backend keeps the array it is given as the tensor's storage.
    const values = new Float32Array(this.observationShape.reduce((a, b) => a * b, 1) * n);
    widenObservations(values, data, this.scale);
    return tf.tensor(values, [n, ...this.observationShape], 'float32');
  }

  /** The tensors of a replay minibatch. */
  fromReplay(batch: ReplayBatch | PrioritizedBatch): UpdateBatch {
    const n = batch.size;
    const weights = 'weights' in batch ? tf.tensor1d(batch.weights) : null;
    return {
      observations: this.observations(batch.observations, n),
      nextObservations: this.observations(batch.nextObservations, n),
      actions: tf.tensor1d(batch.actions, 'int32'),
      rewards: tf.tensor1d(batch.rewards),
      terminated: tf.tensor1d(batch.terminated),
      steps: tf.tensor1d(batch.steps),
      weights,
    };
  }
}

/** Frees every tensor of `batch`. */
export function disposeUpdateBatch(batch: UpdateBatch): void {
  tf.dispose([batch.observations, batch.actions, batch.rewards, batch.nextObservations, batch.terminated, batch.steps]);
  if (batch.weights !== null) batch.weights.dispose();
}
