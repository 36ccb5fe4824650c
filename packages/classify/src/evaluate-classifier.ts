/**
 * A trained classifier on a test set: accuracy, mean cross-entropy, the predicted class and
 * its probability for every image, and the confusion matrix (row = true class, column =
 * predicted), in forward passes with dropout off. With `halfPrecision`, weights and inputs
 * are rounded to float16 first (what a model saved with float16 weights computes; see
 * @deeper/core's roundToHalf); the model's own weights are restored afterwards. With
 * `testTimeFlip`, each image's probabilities are the mean of the model's on the image and on
 * its mirror image (test-time augmentation, as Krizhevsky et al. 2012 averaged over crops and
 * their reflections); only meaningful for a model trained with flips. Tensors are read with
 * `await data()` only, so it runs on backends that cannot read synchronously (WebGPU under Node).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, resolveConfig, roundToHalfPrecision, ShapeError } from '@deeper/core';
import { datasetBatches } from './datasets/dataset-batches';
import { imageShapeOf, type ImageDataset } from './datasets/image-dataset';

export interface EvaluateClassifierConfig {
  /** Images per forward pass; default 500 (memory, not results, depends on it). */
  batchSize: number;
  /** Round weights and inputs to float16 first; default false. */
  halfPrecision: boolean;
  /** Average the probabilities of each image and its horizontal mirror; default false (one pass, as in training's evaluation). */
  testTimeFlip: boolean;
}

export const evaluateClassifierDefaults: EvaluateClassifierConfig = { batchSize: 500, halfPrecision: false, testTimeFlip: false };

export interface ClassifierEvaluation {
  accuracy: number;
  /** Mean cross-entropy of the true class (probabilities clipped at 1e-7, as fit's loss). */
  loss: number;
  count: number;
  /** Predicted class of each image. */
  predicted: number[];
  /** Probability of that prediction. */
  confidence: number[];
  /** confusion[true][predicted]: image counts. */
  confusion: number[][];
  /** count × classes probabilities, row-major. */
  probabilities: Float32Array;
}

/** Output probabilities of `model` for every image of `data`, count × classes. */
export async function predictProbabilities(model: tf.LayersModel, data: ImageDataset, partial: Partial<EvaluateClassifierConfig> = {}): Promise<Float32Array> {
  const c = resolveConfig('predictProbabilities', evaluateClassifierDefaults, partial);
  checkInteger('predictProbabilities', 'batchSize', c.batchSize, 1);
  const shape = imageShapeOf(data);
  const modelShape = model.inputs[0].shape.slice(1);
  if (modelShape.some((d, i) => d !== null && d !== shape[i])) {
    throw new ShapeError('predictProbabilities', `images of the model's input shape [${modelShape.join(', ')}]`, shape);
  }
  const classes = model.outputs[0].shape[model.outputs[0].shape.length - 1] as number;
  const out = new Float32Array(data.count * classes);
  let originals: tf.Tensor[] | null = null;
  try {
    if (c.halfPrecision) {
      originals = model.weights.map((w) => w.read().clone());
      const rounded: tf.Tensor[] = [];
      try {
        for (const w of model.weights) {
          rounded.push(w.dtype === 'float32' ? tf.tensor(roundToHalfPrecision(await w.read().data() as Float32Array), w.shape as number[]) : w.read().clone());
        }
        model.setWeights(rounded);
      } finally {
        tf.dispose(rounded);
      }
    }
    let at = 0;
    for (const batch of datasetBatches(data, { batchSize: c.batchSize })) {
      const pixels = c.halfPrecision ? roundToHalfPrecision(batch.images) : batch.images;
      const y = tf.tidy(() => {
        const x = tf.tensor4d(pixels, [batch.labels.length, ...shape]);
        const p = model.predict(x) as tf.Tensor;
        // NHWC: axis 2 is the width, so reversing it mirrors each image left to right.
        return c.testTimeFlip ? tf.div(tf.add(p, model.predict(tf.reverse(x, 2)) as tf.Tensor), 2) : p;
      });
      try {
        out.set(await y.data() as Float32Array, at);
      } finally {
        y.dispose();
      }
      at += batch.labels.length * classes;
    }
  } finally {
    if (originals !== null) {
      model.setWeights(originals);
      tf.dispose(originals);
    }
  }
  return out;
}

/** Scores `probabilities` (count × classes) against `labels`. */
export function scorePredictions(probabilities: Float32Array, labels: ArrayLike<number>, classes: number): ClassifierEvaluation {
  const count = labels.length;
  const predicted: number[] = [];
  const confidence: number[] = [];
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  let lossSum = 0;
  for (let i = 0; i < count; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
    predicted.push(best);
    confidence.push(probabilities[i * classes + best]);
    confusion[labels[i]][best]++;
    if (best === labels[i]) correct++;
    lossSum -= Math.log(Math.min(1, Math.max(1e-7, probabilities[i * classes + labels[i]])));
  }
  return { accuracy: correct / count, loss: lossSum / count, count, predicted, confidence, confusion, probabilities };
}

export async function evaluateClassifier(model: tf.LayersModel, data: ImageDataset, partial: Partial<EvaluateClassifierConfig> = {}): Promise<ClassifierEvaluation> {
  const classes = model.outputs[0].shape[model.outputs[0].shape.length - 1] as number;
  if (classes !== data.classNames.length) {
    throw new ShapeError('evaluateClassifier', `a model with one output per class of the data (${data.classNames.length})`, [classes]);
  }
  return scorePredictions(await predictProbabilities(model, data, partial), data.labels, classes);
}
