/**
 * Model ensembles: the prediction is the (weighted) average of the members' predicted
 * class probabilities. Averaging probabilities rather than picking a majority vote is
 * what Krizhevsky et al. 2012 and Simonyan & Zisserman 2014 report for their ensembles.
 * Members given as logit models are put through softmax first (`fromLogits`).
 */
import * as tf from '@tensorflow/tfjs';
import { resolveConfig } from '../config';
import { ConfigError, ShapeError } from '../errors';

export interface EnsembleConfig {
  /** Whether members output logits (softmax is applied before averaging) rather than probabilities. Default false. */
  fromLogits: boolean;
  /** Non-negative weight per member, normalized to sum to 1; `null` for the plain mean. Default `null`. */
  weights: number[] | null;
}

export const ensembleDefaults: EnsembleConfig = { fromLogits: false, weights: null };

const shapeText = (shape: readonly (number | null)[]) => `[${shape.map((d) => (d == null ? 'null' : d)).join(', ')}]`;

/** An ensemble of single-output models with identical output shapes. It does not own (or dispose) its members. */
export class Ensemble {
  readonly config: EnsembleConfig;
  /** Normalized member weights, summing to 1. */
  readonly memberWeights: readonly number[];

  constructor(readonly members: readonly tf.LayersModel[], config: Partial<EnsembleConfig> = {}) {
    const who = 'Ensemble';
    this.config = resolveConfig(who, ensembleDefaults, config);
    if (!Array.isArray(members) || members.length === 0) throw new ConfigError(who, 'members', 'a non-empty array of models', members);
    if (typeof this.config.fromLogits !== 'boolean') throw new ConfigError(who, 'fromLogits', 'a boolean', this.config.fromLogits);
    members.forEach((m, i) => {
      if (m.outputs.length !== 1) throw new ConfigError(who, `members[${i}]`, 'a model with exactly one output', `${m.outputs.length} outputs`);
    });
    const reference = members[0].outputs[0].shape;
    members.forEach((m, i) => {
      const shape = m.outputs[0].shape;
      const same = shape.length === reference.length && shape.every((d: number | null, j: number) => d === reference[j]);
      if (!same) {
        throw new ShapeError(`Ensemble member ${i} (${m.name})`, `the output shape of member 0, ${shapeText(reference)}`, shapeText(shape));
      }
    });
    const weights = this.config.weights ?? members.map(() => 1);
    if (!Array.isArray(weights) || weights.length !== members.length) {
      throw new ConfigError(who, 'weights', `null or an array of ${members.length} numbers (one per member)`, weights);
    }
    weights.forEach((w, i) => {
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) throw new ConfigError(who, `weights[${i}]`, 'a finite number ≥ 0', w);
    });
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) throw new ConfigError(who, 'weights', 'numbers with a positive sum', weights);
    this.memberWeights = weights.map((w) => w / total);
  }

  /** The weighted average of the members' probabilities for the batch `x` (one tensor per input for members with several inputs). */
  predict(x: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const outputs = this.members.map((m) => m.predict(x) as tf.Tensor);
      outputs.forEach((y, i) => {
        // Static shapes agreed at construction; this catches members whose null dims resolve differently.
        if (!tf.util.arraysEqual(y.shape, outputs[0].shape)) {
          throw new ShapeError(`Ensemble member ${i} (${this.members[i].name})`, `the output shape of member 0, ${shapeText(outputs[0].shape)}`, shapeText(y.shape));
        }
      });
      return tf.addN(outputs.map((y, i) => (this.config.fromLogits ? tf.softmax(y) : y).mul(this.memberWeights[i])));
    });
  }
}

/** One-shot ensemble prediction: the plain average of `models`' predicted probabilities on `x`. */
export function ensemblePredict(models: readonly tf.LayersModel[], x: tf.Tensor | tf.Tensor[], config: Partial<EnsembleConfig> = {}): tf.Tensor {
  return new Ensemble(models, config).predict(x);
}
