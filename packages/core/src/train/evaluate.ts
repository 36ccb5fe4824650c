/**
 * Loss and accuracy of a classifier on held-out data, in forward passes with dropout off:
 * what `fit` reports after every epoch, and the test-set figure of an experiment.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import type { LossFn } from './fit-config';
import { crossEntropy, gather, countCorrect, toArrays, type Arrays, type LabeledData } from './labeled-data';

export interface EvaluateConfig {
  /** Samples per forward pass; default 500 (memory, not results, depends on it). */
  batchSize: number;
  /** Whether the model outputs logits rather than probabilities; default false (as in fit). */
  fromLogits: boolean;
  /** A custom loss instead of categorical cross-entropy; default null. */
  loss: LossFn | null;
}

export const evaluateDefaults: EvaluateConfig = { batchSize: 500, fromLogits: false, loss: null };

/** Mean loss and accuracy of `model` on `data`; it reads tensors asynchronously only, so it runs on WebGPU under Node too. */
export async function evaluate(model: tf.LayersModel, data: LabeledData, config: Partial<EvaluateConfig> = {}): Promise<{ loss: number; accuracy: number; count: number }> {
  const c = resolveConfig('evaluate', evaluateDefaults, config);
  checkInteger('evaluate', 'batchSize', c.batchSize);
  if (typeof c.fromLogits !== 'boolean') throw new ConfigError('evaluate', 'fromLogits', 'a boolean', c.fromLogits);
  const arrays = await toArrays('evaluate', data, model);
  return { ...await evaluateArrays(model, arrays, c.loss ?? crossEntropy(c.fromLogits), c.batchSize), count: arrays.count };
}

/** Mean loss and accuracy of `model` on `data`, in forward passes of `batchSize`, dropout off. */
export async function evaluateArrays(model: tf.LayersModel, data: Arrays, lossFn: LossFn, batchSize: number): Promise<{ loss: number; accuracy: number }> {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, data.count - start) }, (_, i) => start + i);
    const [xs, ys] = gather(data, indices);
    const [l, k] = tf.tidy(() => {
      const outputs = model.apply(xs, { training: false }) as tf.Tensor;
      return [lossFn(ys, outputs).mul(indices.length), countCorrect(ys, outputs)];
    });
    tf.dispose([xs, ys]);
    const [lv, kv] = await Promise.all([l.data(), k.data()]).finally(() => tf.dispose([l, k]));
    lossSum += lv[0];
    correct += kv[0];
  }
  return { loss: lossSum / data.count, accuracy: correct / data.count };
}
