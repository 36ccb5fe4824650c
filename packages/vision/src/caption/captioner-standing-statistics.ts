/**
 * Batch-norm statistics recomputed for a captioner's current weights (core's
 * `standingStatistics`): its moving mean and variance become the average of the batch
 * statistics of one pass over the training images, in minibatches of the training size.
 *
 * This is the last step of stochastic weight averaging (Izmailov et al. 2018, §3.2: "we
 * compute the BatchNorm statistics for the w_SWA network with one additional pass over the
 * data"): averaged weights never produced the averaged moving statistics that came with them.
 * NIC's batch norms sit in its CNN and after the image embedding, which see the image alone,
 * so each image is passed once, with padding for its words.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, ConfigError, resolveConfig, standingStatistics } from '@deeper/core';
import type { CaptionData } from './evaluate-captioner';

export interface CaptionerStandingStatisticsConfig {
  /** Images a pass: training's minibatch, whose statistics training normalised with. Default 32 (`trainCaptionerDefaults.batchSize`). */
  batchSize: number;
}

export const captionerStandingStatisticsDefaults: CaptionerStandingStatisticsConfig = { batchSize: 32 };

/**
 * Sets the moving statistics of every batch norm of `model` (NIC: inputs [image, words]) to
 * their average over the full minibatches of `data`'s images, in order; returns the number of
 * batch norms set.
 */
export function captionerStandingStatistics(model: tf.LayersModel, data: CaptionData, config: Partial<CaptionerStandingStatisticsConfig> = {}): number {
  const who = 'captionerStandingStatistics';
  const c = resolveConfig(who, captionerStandingStatisticsDefaults, config);
  checkInteger(who, 'batchSize', c.batchSize, 2);
  const passes = Math.floor(data.count / c.batchSize);
  if (passes === 0) throw new ConfigError(who, 'data', `at least batchSize (${c.batchSize}) images`, `${data.count} images`);
  const [, maxLength] = model.inputs[1].shape as number[];
  const size = data.height * data.width * data.channels;
  return standingStatistics(model, (t) => tf.tidy(() => [
    tf.div(tf.tensor4d(data.images.subarray(t * c.batchSize * size, (t + 1) * c.batchSize * size), [c.batchSize, data.height, data.width, data.channels], 'float32'), 255),
    tf.zeros([c.batchSize, maxLength]),
  ]), passes);
}
