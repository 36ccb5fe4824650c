/** Option parsing and run-folder reading shared by the `deeper gan …` commands. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { checkpointName, ConfigError, DeeperError, loadWeightsInto } from '@deeper/core';
import {
  dcganDiscriminator, dcganGenerator, dcganLogit, dcganNetworkConfigs, discriminatorRejectionSample, generatorEmaDir, generatorStandingStatistics, latestGanCheckpoint,
  type DcganConfig, type LatentDistribution, type RejectionSample,
} from '@deeper/dcgan';

/** A positive (or, with min 0, non-negative) integer option, or an error naming it. */
export function intOption(who: string, name: string, text: unknown, min = 1): number {
  const s = String(text ?? '').trim();
  const value = /^-?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(who, name, min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer ≥ ${min}`, text);
  }
  return value;
}

/** A finite number option in [min, max]. */
export function numberOption(who: string, name: string, text: unknown, min: number, max: number): number {
  const value = Number(text);
  if (typeof text !== 'string' || text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(who, name, `a number in [${min}, ${max}]`, text);
  }
  return value;
}

/** What `gan train` records in a run folder's config.json. */
export interface GanRunConfig {
  runId: string;
  dataset: 'mnist' | 'fashion-mnist' | 'dir';
  dir: string | null;
  limit: number | null;
  model: DcganConfig;
  train: Record<string, unknown> & { latent: LatentDistribution; seed: number; conditional: boolean };
}

/** Reads a run folder's config.json (written by `gan train`). */
export function readGanRun(who: string, runDir: string): GanRunConfig {
  const path = join(runDir, 'config.json');
  if (!existsSync(path)) throw new DeeperError(`${who} expects --run to be a run folder written by \`deeper gan train\` (with config.json), but received ${JSON.stringify(runDir)}, which has none`);
  const config = JSON.parse(readFileSync(path, 'utf8')) as GanRunConfig;
  if (config.model == null || config.train == null) throw new DeeperError(`${who} expects ${path} to hold a "model" and a "train" config from \`deeper gan train\`, but it has ${Object.keys(config).join(', ')}`);
  return config;
}

/** Declares the options that choose the generator `loadRunGenerator` loads: --step, --ema, --standing-stats. */
export function generatorOptions(command: Command): Command {
  return command
    .option('--step <n>', 'use the checkpoint of this step (default: the newest)')
    .option('--ema', 'use the checkpoint\'s average of G\'s weights (trained with --ema-decay) instead of G')
    .option('--standing-stats <passes>', 'replace G\'s batch-norm moving statistics with its batch statistics averaged over this many minibatches of fresh z (BigGAN\'s standing statistics; default: the stored moving statistics)');
}

/**
 * The run's generator with the newest checkpoint's weights (or those of checkpoint
 * `opts.step`), or with the average of G's weights that checkpoint keeps when `opts.ema`;
 * with `opts.standingStats` its batch norms get standing statistics over that many
 * minibatches of the run's training size. The caller disposes it.
 */
export async function loadRunGenerator(who: string, runDir: string, opts: Record<string, unknown> = {}): Promise<{ generator: tf.LayersModel; config: GanRunConfig; checkpoint: string }> {
  const config = readGanRun(who, runDir);
  const { step } = opts;
  const ema = opts.ema !== undefined && opts.ema !== false;
  const passes = opts.standingStats === undefined ? 0 : intOption(who, '--standing-stats', opts.standingStats);
  const chosen = step === undefined ? null : join(runDir, 'checkpoints', checkpointName(intOption(who, '--step', step)));
  if (chosen !== null && !existsSync(join(chosen, 'gan-state.json'))) throw new DeeperError(`${who} expects --step to name a checkpoint of ${runDir}, but received ${JSON.stringify(step)}: ${chosen} is not a complete checkpoint`);
  const checkpoint = chosen ?? latestGanCheckpoint(runDir);
  if (checkpoint === null) throw new DeeperError(`${who} expects ${join(runDir, 'checkpoints')} to hold a checkpoint, but received none; train longer or wait for the first checkpoint`);
  const generator = dcganGenerator(dcganNetworkConfigs(config.model).generator);
  try {
    await loadWeightsInto(generator, ema ? generatorEmaDir(checkpoint, who) : join(checkpoint, 'generator'), { match: 'order' });
    if (passes > 0) {
      const batchSize = typeof config.train.batchSize === 'number' ? config.train.batchSize : undefined;
      generatorStandingStatistics(generator, config.model, { passes, batchSize, latent: config.train.latent });
    }
  } catch (error) {
    generator.dispose();
    throw error;
  }
  return { generator, config, checkpoint };
}

/** Declares --drs and --drs-percentile (discriminator rejection sampling, `drsSample`). */
export function drsOptions(command: Command): Command {
  return command
    .option('--drs', 'discriminator rejection sampling (Azadi et al. 2019): keep the samples the checkpoint\'s discriminator accepts, per class')
    .option('--drs-percentile <p>', 'with --drs, γ is this percentile (0–100) of F per class; "exact" sets γ = 0, plain rejection sampling', '50');
}

/**
 * n samples of `generator` by discriminator rejection sampling with the discriminator of
 * `checkpoint` (its last iterate: the one that trained against G, also when G is the average).
 */
export async function drsSample(who: string, generator: tf.LayersModel, config: GanRunConfig, checkpoint: string, opts: Record<string, unknown>, n: number, seed: number): Promise<RejectionSample> {
  const gammaPercentile = opts.drsPercentile === 'exact' ? null : numberOption(who, '--drs-percentile', opts.drsPercentile, 0, 100);
  const discriminator = dcganDiscriminator(dcganNetworkConfigs(config.model).discriminator);
  try {
    await loadWeightsInto(discriminator, join(checkpoint, 'discriminator'), { match: 'order' });
    return await discriminatorRejectionSample(generator, dcganLogit(discriminator), config.model, { n, seed, gammaPercentile, latent: config.train.latent });
  } finally {
    discriminator.dispose();
  }
}

/** Checks `--class k` against the run's model. */
export function classOption(who: string, text: unknown, model: DcganConfig): number | null {
  if (text === undefined) return null;
  if (model.classes === 0) throw new ConfigError(who, '--class', 'absent for an unconditional model (train with --conditional to ask for a class)', text);
  return intOption(who, '--class', text, 0) < model.classes ? Number(text) : (() => { throw new ConfigError(who, '--class', `an integer in [0, ${model.classes - 1}]`, text); })();
}
