/**
 * What `bench core` and `bench classify` time: one training step of a classifier (forward,
 * cross-entropy on its softmax output, backward, Adam 1e-3) on one fixed random minibatch of
 * 28×28×1 images, the same step their PyTorch twins take.
 */
import * as tf from '@tensorflow/tfjs';
import { createOptimizer } from '@deeper/core';

export interface ClassifierTrainer {
  model: tf.LayersModel;
  /** The minibatch's images, [batchSize, 28, 28, 1] uniform in [0, 1) (seed 1). */
  x: tf.Tensor4D;
  /** One training step, its loss read back so that the step is finished when it returns. */
  step(): void;
  dispose(): void;
}

/** A trainer for `model` (which it then owns) on a minibatch of `batchSize` images with random labels (seed 2). */
export function classifierTrainer(model: tf.LayersModel, batchSize: number): ClassifierTrainer {
  const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-3 });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const x = tf.randomUniform([batchSize, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([batchSize], 0, 10, 'int32', 2) as tf.Tensor1D, 10));
  return {
    model,
    x,
    step(): void {
      const loss = optimizer.step(() => {
        // Every classifier here ends in a softmax: cross-entropy on its probabilities, clipped away from log 0.
        const p = model.apply(x, { training: true }) as tf.Tensor;
        return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1))), -1))) as tf.Scalar;
      }, variables);
      loss.dataSync();
      loss.dispose();
    },
    dispose(): void {
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
    },
  };
}
