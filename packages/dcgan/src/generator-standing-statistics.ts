/**
 * Standing statistics for a DCGAN generator: its batch norms' moving mean and variance
 * replaced by the average of the batch statistics it produces over `passes` minibatches of
 * fresh latent points (core's `standingStatistics`; Brock et al. 2019, Appendix C.1, "BatchNorm
 * statistics and sampling", which found that the moving statistics are poor estimates for an
 * average of G's weights and aggregates the statistics of about 100 forward passes instead).
 *
 * Training normalises every generator batch with that batch's own statistics, and the
 * discriminator only ever judged such images; inference uses the moving statistics instead.
 * Those lag G's weights (momentum 0.9, about ten batches), and an average of G's weights
 * (`GeneratorEma`) holds an average of statistics that other weights produced. Standing
 * statistics computed from the weights being sampled give inference training's
 * normalisation. Classes cycle 0 … K − 1 within each minibatch, as in `sampleInputs`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, resolveConfig, standingStatistics } from '@deeper/core';
import type { DcganConfig } from './dcgan-config';
import type { LatentDistribution } from './latent-points';
import { sampleInputs } from './train-dcgan';

export interface GeneratorStandingStatisticsConfig {
  /** Forward passes averaged. Default 100 (Brock et al. 2019, Appendix C.1: typically 100). */
  passes: number;
  /** Latent points per pass: the training minibatch, whose statistics training normalised with. Default 64 (our runs' minibatch). */
  batchSize: number;
  /** z's distribution, as in training. Default `uniform` (Radford et al. 2016). */
  latent: LatentDistribution;
  /** Seed of pass 0's latent points; pass t uses seed + t. Default 1000000, away from the small seeds that `gan sample` and `gan score` draw from. */
  seed: number;
}

export const generatorStandingStatisticsDefaults: GeneratorStandingStatisticsConfig = { passes: 100, batchSize: 64, latent: 'uniform', seed: 1_000_000 };

/** Sets `generator`'s batch-norm moving statistics to its standing statistics; returns the number of batch norms set. */
export function generatorStandingStatistics(generator: tf.LayersModel, model: DcganConfig, config: Partial<GeneratorStandingStatisticsConfig> = {}): number {
  const who = 'generatorStandingStatistics';
  const c = resolveConfig(who, generatorStandingStatisticsDefaults, config);
  checkInteger(who, 'passes', c.passes);
  checkInteger(who, 'batchSize', c.batchSize, 2);
  checkInteger(who, 'seed', c.seed, 0);
  return standingStatistics(generator, (t) => {
    const { z, labels } = sampleInputs(model, c.batchSize, c.latent, c.seed + t);
    return labels === null ? z : [z, labels];
  }, c.passes);
}
