/**
 * The optimizer a training loop drives: one `step(lossFn)` computes gradients, clips them, sets
 * this step's learning rate from the schedule, applies them and advances the step counter.
 * Its state (slots and counter) round-trips through `getState`/`setState`, so a resumed run
 * continues with exactly the same updates and learning rates.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../errors';
import { learningRateAt } from '../schedules/learning-rate-at';
import { AdagradOptimizer } from './adagrad-optimizer';
import { AdamOptimizer } from './adam-optimizer';
import { clipGradients } from './clip-gradients';
import { resolveOptimizerConfig, type OptimizerConfig, type OptimizerOptions } from './optimizer-config';
import { RmspropOptimizer } from './rmsprop-optimizer';
import { SgdOptimizer } from './sgd-optimizer';
import type { NamedTensor, SlotOptimizer } from './slot-optimizer';

export interface TrainingOptimizer {
  /** The underlying tf.Optimizer (a deeper SlotOptimizer), for code that wants tfjs's API. */
  readonly optimizer: tf.Optimizer;
  /** The resolved config. */
  readonly config: OptimizerConfig;
  /**
   * One update: gradients of `lossFn` with respect to `varList` (default: every trainable
   * variable), clipped, applied at the scheduled rate. Returns the loss; the caller disposes it.
   */
  step(lossFn: () => tf.Scalar, varList?: tf.Variable[]): tf.Scalar;
  /**
   * The same update from gradients computed elsewhere (a native backward pass, say), keyed
   * by variable name: clipped, applied at the scheduled rate. The caller keeps `grads`.
   */
  applyGradients(grads: tf.NamedTensorMap): void;
  /** Updates applied so far (the schedule's step index for the next update). */
  readonly iteration: number;
  /** The rate the next `step` uses; assigning sets the base rate the schedule scales. */
  learningRate: number;
  /** Step counter (`iter`) and every slot, as fresh tensors the caller disposes. */
  getState(): Promise<NamedTensor[]>;
  /** Restores `getState`'s output (the caller keeps ownership of `state`). */
  setState(state: NamedTensor[]): Promise<void>;
  /** Disposes every slot variable. */
  dispose(): void;
}

function buildOptimizer(config: OptimizerConfig): SlotOptimizer {
  const { learningRate, weightDecay } = config;
  switch (config.name) {
    case 'adam':
      return new AdamOptimizer({ learningRate, weightDecay, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon });
    case 'sgd':
    case 'momentum':
    case 'nesterov':
      return new SgdOptimizer({ learningRate, weightDecay, momentum: config.momentum, dampening: config.dampening, nesterov: config.name === 'nesterov' });
    case 'adagrad':
      return new AdagradOptimizer({ learningRate, weightDecay, epsilon: config.epsilon, initialAccumulatorValue: config.initialAccumulatorValue });
    case 'rmsprop':
      return new RmspropOptimizer({ learningRate, weightDecay, alpha: config.alpha, epsilon: config.epsilon, momentum: config.momentum, centered: config.centered });
  }
}

export function createOptimizer(options: OptimizerOptions = {}): TrainingOptimizer {
  const config = resolveOptimizerConfig(options);
  const optimizer = buildOptimizer(config);
  let baseLr = config.learningRate;
  const scheduled = () => learningRateAt(config.schedule, baseLr, optimizer.iterations);
  return {
    optimizer,
    config,
    get iteration() {
      return optimizer.iterations;
    },
    get learningRate() {
      return scheduled();
    },
    set learningRate(value: number) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new ConfigError('TrainingOptimizer', 'learningRate', 'a finite number ≥ 0', value);
      }
      baseLr = value;
    },
    step(lossFn, varList) {
      const { value, grads } = tf.variableGrads(lossFn, varList);
      try {
        this.applyGradients(grads);
      } finally {
        tf.dispose(grads);
      }
      return value;
    },
    applyGradients(grads) {
      optimizer.learningRate = scheduled();
      const clipped = config.clipNorm === null && config.clipValue === null ? grads : clipGradients(grads, config);
      try {
        optimizer.applyGradients(clipped);
      } finally {
        if (clipped !== grads) tf.dispose(clipped);
      }
    },
    async getState() {
      const weights = await optimizer.getWeights();
      // getWeights hands out the live slot variables; clones keep the caller from disposing them.
      return weights.map(({ name, tensor }) => ({ name, tensor: name === 'iter' ? tensor : tf.clone(tensor) }));
    },
    async setState(state) {
      await optimizer.setWeights(state);
    },
    dispose() {
      optimizer.dispose();
    },
  };
}
