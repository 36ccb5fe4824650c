/**
 * Labelled data for the training loop: what callers pass (tensors or typed arrays, class
 * indices or target rows) turned into flat arrays that minibatches are copied from, plus
 * the loss and accuracy the loop and `evaluate` share.
 */
import * as tf from '@tensorflow/tfjs';
import { DeeperError, ShapeError } from '../errors';
import type { LossFn } from './fit-config';

/** Labelled samples held in memory. */
export interface LabeledData {
  /** Inputs: a tensor [n, ...sampleShape], or a Float32Array of n samples laid out row after row. */
  x: tf.Tensor | Float32Array;
  /** Targets: class indices (typed array, array or rank-1 tensor) or target rows (rank-2 tensor [n, classes], e.g. one-hot). */
  y: tf.Tensor | Uint8Array | Int32Array | number[];
  /** Shape of one sample when `x` is a Float32Array, e.g. [28, 28, 1]. Default: the model's input shape. */
  sampleShape?: number[];
}

/** Training data, plus optional validation data evaluated after every epoch. */
export interface FitData extends LabeledData {
  validation?: LabeledData;
}

/** Samples as flat arrays: the loop copies minibatches out of these. */
export interface Arrays {
  x: Float32Array;
  targets: Float32Array;
  count: number;
  sampleShape: number[];
  sampleSize: number;
  classes: number;
}

/**
 * `data` as flat arrays checked against `model`. Tensors are read with `await data()`: WebGPU
 * under Node cannot read synchronously.
 */
export async function toArrays(who: string, data: LabeledData, model: tf.LayersModel): Promise<Arrays> {
  const outputShape = model.outputs[0].shape;
  const classes = outputShape[outputShape.length - 1];
  if (classes == null) throw new ShapeError(who, 'a model whose output has a known last dimension (the classes)', outputShape);
  const modelSample = model.inputs[0].shape.slice(1);
  let x: Float32Array;
  let count: number;
  let sampleShape: number[];
  if (data.x instanceof tf.Tensor) {
    sampleShape = data.x.shape.slice(1);
    count = data.x.shape[0] ?? 0;
    x = Float32Array.from(await data.x.data());
  } else if (data.x instanceof Float32Array) {
    sampleShape = data.sampleShape ?? modelSample.map((d) => d ?? -1);
    const size = sampleShape.reduce((a, b) => a * b, 1);
    if (sampleShape.some((d) => d < 1) || data.x.length % size !== 0) {
      throw new ShapeError(who, `x to hold whole samples of shape [${sampleShape.join(', ')}] (pass sampleShape)`, `Float32Array(${data.x.length})`);
    }
    x = data.x;
    count = data.x.length / size;
  } else {
    throw new DeeperError(`${who} expects x to be a tf.Tensor or a Float32Array, but received ${Object.prototype.toString.call(data.x)}`);
  }
  if (sampleShape.length !== modelSample.length || sampleShape.some((d, i) => modelSample[i] != null && modelSample[i] !== d)) {
    throw new ShapeError(who, `samples of the model's input shape [${modelSample.join(', ')}]`, sampleShape);
  }
  const targets = new Float32Array(count * classes);
  const y = data.y;
  if (y instanceof tf.Tensor && y.rank === 2) {
    if (y.shape[0] !== count || y.shape[1] !== classes) throw new ShapeError(who, `y of shape [${count}, ${classes}] (one row per sample, one column per class)`, y.shape);
    targets.set(await y.data());
  } else {
    const labels = y instanceof tf.Tensor ? (y.rank === 1 ? await y.data() : null) : y;
    if (labels === null) throw new ShapeError(who, 'y as class indices [n] or target rows [n, classes]', (y as tf.Tensor).shape);
    if (labels.length !== count) throw new ShapeError(who, `one label per sample (${count})`, [labels.length]);
    for (let i = 0; i < count; i++) {
      const label = labels[i];
      if (!Number.isInteger(label) || label < 0 || label >= classes) {
        throw new DeeperError(`${who} expects labels in 0…${classes - 1} (the model has ${classes} outputs), but received ${label} at index ${i}`);
      }
      targets[i * classes + label] = 1;
    }
  }
  if (count === 0) throw new ShapeError(who, 'at least one sample', [0]);
  return { x, targets, count, sampleShape, sampleSize: x.length / count, classes };
}

/** Copies the samples at `indices` into one input tensor and one target tensor. */
export function gather(data: Arrays, indices: ArrayLike<number>): [tf.Tensor, tf.Tensor] {
  const n = indices.length;
  const xs = new Float32Array(n * data.sampleSize);
  const ys = new Float32Array(n * data.classes);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    xs.set(data.x.subarray(j * data.sampleSize, (j + 1) * data.sampleSize), i * data.sampleSize);
    ys.set(data.targets.subarray(j * data.classes, (j + 1) * data.classes), i * data.classes);
  }
  return [tf.tensor(xs, [n, ...data.sampleShape]), tf.tensor2d(ys, [n, data.classes])];
}

/** Mean categorical cross-entropy of probabilities (clipped so log never sees 0) or of logits. */
export function crossEntropy(fromLogits: boolean): LossFn {
  if (fromLogits) return (targets, logits) => tf.losses.softmaxCrossEntropy(targets, logits, undefined, undefined, tf.Reduction.MEAN) as tf.Scalar;
  return (targets, probs) => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.log(tf.clipByValue(probs, 1e-7, 1))), -1))) as tf.Scalar);
}

/** Number of rows whose argmax of `outputs` equals the argmax of `targets`. */
export function countCorrect(targets: tf.Tensor, outputs: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(outputs, -1), tf.argMax(targets, -1)), 'float32')));
}

