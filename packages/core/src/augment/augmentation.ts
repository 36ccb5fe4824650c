/**
 * The shape every augmentation has: a pure function of an NHWC float batch and a seed. The
 * result is a new tensor the caller disposes; the input is left alone. The same (batch, seed)
 * always gives the same result.
 */
import type * as tf from '@tensorflow/tfjs';

export type Augmentation = (batch: tf.Tensor4D, seed: number) => tf.Tensor4D;
