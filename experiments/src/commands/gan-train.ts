/**
 * `deeper gan train --dataset <mnist|fashion-mnist|dir> --out DIR [...]`: trains a DCGAN
 * (@deeper/dcgan trainDcgan) into run folder DIR (config.json, metrics.jsonl, plots/,
 * samples/, checkpoints/). Run it again with the same options after a crash or a kill and
 * it continues from the newest checkpoint; other options are refused by name, except those that
 * leave the trajectory so far as it was: --epochs moves the end of a constant-rate run (more
 * extend it, fewer down to the epochs it has trained end it sooner; a cosine or linear schedule
 * ends where it was set to), --ema-decay adds (or changes) the average
 * of G's weights from the resumed step on, and a constant-rate run may take a decaying schedule
 * whose hold (--lr-hold-epochs) lasts at least to the resumed step (constant, then decay, as
 * CycleGAN trains); config.json then records them.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { tap } from 'rxjs';
import {
  ConfigError, DeeperError, lossPlot, metricsJsonl, openRunFolder, progressBar, resolveScheduleConfig, writeFileAtomic, type CurvePoint, type ScheduleConfig,
} from '@deeper/core';
import {
  dcganConditioningNames, dcganNormalizationNames, type DcganNormalization, ganCurves, ganDatasetNames, ganLossNames, resolveDcganConfig, type DcganConditioning, type GanLoss, ganMetricsOf, ganModelConfig, ganProgressView, latestGanCheckpoint, loadGanImages, resolveTrainDcganConfig, trainDcgan,
  type GanDatasetName, type GanEvent, type GanStepEvent, type TrainDcganConfig,
} from '@deeper/dcgan';
import { useBackend } from '../use-backend';
import { interruptedLine, runUntilSignal } from './until-signal';
import { intOption, numberOption, readGanRun, type GanRunConfig } from './gan-options';

const who = 'deeper gan train';

/**
 * The schedules `--lr-schedule` offers: the paper's constant rate, or a cosine (Loshchilov &
 * Hutter 2017) or linear (CycleGAN's, Zhu et al. 2017) decay to --lr-min at the run's last step,
 * after --lr-hold-epochs at the constant rate.
 */
export const ganScheduleNames = ['constant', 'cosine', 'linear'] as const;

/**
 * The schedule of a run of `epochs` passes over `count` images: a decay ends at the run's last
 * step (epochs × ⌊count / batch⌋) and starts after `holdEpochs` of them.
 */
export function ganSchedule(name: (typeof ganScheduleNames)[number], minLr: number, epochs: number, count: number, batchSize: number, holdEpochs = 0): Partial<ScheduleConfig> {
  const stepsPerEpoch = Math.floor(count / batchSize);
  return name === 'constant' ? {} : { name, totalSteps: epochs * stepsPerEpoch, minLr, holdSteps: holdEpochs * stepsPerEpoch };
}

/**
 * JSON with every object's keys sorted, so that two configs compare by content: a config.json
 * written before a field existed gets that field's default appended last, where a new one has
 * it in its place (the tenth session's `schedule` stopped older runs from resuming that way).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

/** A run config's schedule resolved, `constant` for runs recorded before schedules existed. */
const scheduleOf = (c: GanRunConfig): ScheduleConfig => resolveScheduleConfig((c.train.schedule ?? {}) as Partial<ScheduleConfig>);

/** The step a checkpoint of `gan train` was written at. */
function checkpointStep(checkpoint: string): number {
  return (JSON.parse(readFileSync(join(checkpoint, 'gan-state.json'), 'utf8')) as { step: number }).step;
}

/**
 * The curve points a resumed run already logged up to its checkpoint, so that the plot spans
 * the whole run. Steps logged after that checkpoint by the interrupted run are replayed, so
 * they are left out here, and a step logged twice keeps its last record. With no checkpoint: every step logged.
 */
export function earlierPoints(metricsPath: string, checkpoint: string | null): CurvePoint[] {
  if (!existsSync(metricsPath)) return [];
  const upTo = checkpoint === null ? Infinity : checkpointStep(checkpoint);
  const steps = new Map<number, GanStepEvent>();
  for (const line of readFileSync(metricsPath, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const r = JSON.parse(line) as Record<string, number | string | null>;
    if (r.type !== 'step' || typeof r.step !== 'number' || r.step > upTo) continue;
    steps.set(r.step, {
      type: 'step', epoch: Number(r.epoch), step: r.step, batch: Number(r.batch), batchesPerEpoch: 0, size: 0, imagesPerSecond: 0,
      dLoss: Number(r['losses/d_loss']), gLoss: Number(r['losses/g_loss']), dReal: Number(r['charts/d_real']), dFake: Number(r['charts/d_fake']),
    });
  }
  return [...steps.values()].sort((a, b) => a.step - b.step).flatMap((e) => ganCurves.pointsOf(e));
}

export function register(gan: Command): void {
  gan
    .command('train')
    .description('train a DCGAN into a run folder (resumes it if it has checkpoints)')
    .requiredOption('--dataset <name>', `training images: ${ganDatasetNames.join(', ')}`)
    .requiredOption('--out <dir>', 'run folder')
    .option('--dir <path>', 'folder of PNG files (--dataset dir) or of Fashion-MNIST IDX files')
    .option('--epochs <n>', 'passes over the images', '5')
    .option('--limit <n>', 'use only the first N images')
    .option('--size <n>', 'image side: 28, 32 or 64', '28')
    .option('--channels <n>', 'image channels: 1 or 3 (default 1, 3 for --dataset dir)')
    .option('--conditional', 'train the class-conditional variant')
    .option('--conditioning <name>', `how the conditional discriminator reads the class: ${dcganConditioningNames.join(' or ')} (Miyato & Koyama 2018)`, 'concat')
    .option('--seed <n>', 'seed of weights, minibatch order and z', '0')
    .option('--batch-size <n>', 'real images per step', '128')
    .option('--lr <x>', 'Adam learning rate (both networks; G\'s alone with --discriminator-lr)', '0.0002')
    .option('--discriminator-lr <x>', 'D\'s own Adam learning rate (two time scales, Heusel et al. 2017; SAGAN: 4e-4 for D, 1e-4 for G) (default: --lr)')
    .option('--lr-schedule <name>', `learning-rate schedule: ${ganScheduleNames.join(', ')} (cosine and linear decay to --lr-min at the run's last step)`, 'constant')
    .option('--lr-min <x>', 'the rate a cosine or linear schedule ends at', '0')
    .option('--lr-hold-epochs <n>', 'cosine and linear: epochs at --lr before the decay starts (CycleGAN holds half the run)', '0')
    .option('--label-smoothing <x>', 'one-sided: real target 1 − x', '0')
    .option('--loss <name>', 'adversarial loss: nonsaturating (the paper\'s) or hinge (Lim & Ye 2017)', 'nonsaturating')
    .option('--init <name>', 'weight init: normal (N(0, 0.02), the paper) or he', 'normal')
    .option('--base-filters <n>', 'channels of the widest-resolution layers', '64')
    .option('--full-resolution-channels <n>', 'the generator\'s extra block at full resolution: its last doubling makes n channels, a 3×3 convolution the image; 0: none (the paper)', '0')
    .option('--discriminator-full-resolution-channels <n>', 'the discriminator\'s extra stride-1 3×3 convolution to n channels at full resolution, before its stride-2 ones; 0: none (the paper)', '0')
    .option('--discriminator-normalization <name>', `the discriminator's normalization: ${dcganNormalizationNames.join(' or ')} (batch norm, the paper; or spectral normalization of every weighted layer, Miyato et al. 2018)`, 'batch')
    .option('--latent <dist>', 'z distribution: uniform (the paper) or normal', 'uniform')
    .option('--sample-every <n>', 'steps between sample grids', '500')
    .option('--checkpoint-every <n>', 'steps between checkpoints', '500')
    .option('--ema-decay <x>', 'keep an exponential moving average of G\'s weights with this decay (0.999: Yazıcı et al. 2019) for sample/score --ema; 0: none', '0')
    .option('--every <n>', 'without a terminal: a progress line every N steps', '50')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      if (!(ganDatasetNames as readonly unknown[]).includes(opts.dataset)) {
        throw new ConfigError(who, '--dataset', `one of ${ganDatasetNames.join(', ')}`, opts.dataset);
      }
      const dataset = opts.dataset as GanDatasetName;
      const size = intOption(who, '--size', opts.size);
      if (![28, 32, 64].includes(size)) throw new ConfigError(who, '--size', 'one of 28, 32, 64', opts.size);
      const channels = opts.channels === undefined ? (dataset === 'dir' ? 3 : 1) : intOption(who, '--channels', opts.channels);
      const limit = opts.limit === undefined ? null : intOption(who, '--limit', opts.limit);
      const dir = typeof opts.dir === 'string' ? opts.dir : null;
      if (dataset === 'dir' && dir === null) throw new ConfigError(who, '--dir', 'the folder of PNG files for --dataset dir', undefined);
      const scheduleName = String(opts.lrSchedule);
      if (!(ganScheduleNames as readonly string[]).includes(scheduleName)) throw new ConfigError(who, '--lr-schedule', `one of ${ganScheduleNames.join(', ')}`, opts.lrSchedule);
      const minLr = numberOption(who, '--lr-min', opts.lrMin, 0, 1);
      if (scheduleName === 'constant' && minLr !== 0) throw new ConfigError(who, '--lr-min', 'unset unless --lr-schedule is cosine or linear (the constant rate is --lr)', opts.lrMin);
      const holdEpochs = intOption(who, '--lr-hold-epochs', opts.lrHoldEpochs, 0);
      if (scheduleName === 'constant' && holdEpochs !== 0) throw new ConfigError(who, '--lr-hold-epochs', 'unset unless --lr-schedule is cosine or linear (a constant rate holds throughout)', opts.lrHoldEpochs);
      const conditioning = String(opts.conditioning);
      if (!(dcganConditioningNames as readonly string[]).includes(conditioning)) throw new ConfigError(who, '--conditioning', `one of ${dcganConditioningNames.join(', ')}`, opts.conditioning);
      if (conditioning !== 'concat' && opts.conditional !== true) throw new ConfigError(who, '--conditioning', 'unset unless --conditional (an unconditional model reads no class)', opts.conditioning);
      const normalization = String(opts.discriminatorNormalization);
      if (!(dcganNormalizationNames as readonly string[]).includes(normalization)) throw new ConfigError(who, '--discriminator-normalization', `one of ${dcganNormalizationNames.join(', ')}`, opts.discriminatorNormalization);
      if (!(ganLossNames as readonly string[]).includes(String(opts.loss))) throw new ConfigError(who, '--loss', `one of ${ganLossNames.join(', ')}`, opts.loss);
      if (opts.loss === 'hinge' && Number(opts.labelSmoothing) !== 0) throw new ConfigError(who, '--label-smoothing', '0 with --loss hinge (its margins have no target to smooth)', opts.labelSmoothing);
      const options = resolveTrainDcganConfig({
        model: {
          imageSize: size, imageChannels: channels, init: opts.init as 'normal' | 'he', baseFilters: intOption(who, '--base-filters', opts.baseFilters),
          fullResolutionChannels: intOption(who, '--full-resolution-channels', opts.fullResolutionChannels, 0),
          discriminatorFullResolutionChannels: intOption(who, '--discriminator-full-resolution-channels', opts.discriminatorFullResolutionChannels, 0),
          conditioning: conditioning as DcganConditioning,
          discriminatorNormalization: normalization as DcganNormalization,
          seed: intOption(who, '--seed', opts.seed, 0),
        },
        conditional: opts.conditional === true,
        epochs: intOption(who, '--epochs', opts.epochs),
        batchSize: intOption(who, '--batch-size', opts.batchSize),
        learningRate: numberOption(who, '--lr', opts.lr, 1e-8, 1),
        discriminatorLearningRate: opts.discriminatorLr === undefined ? null : numberOption(who, '--discriminator-lr', opts.discriminatorLr, 1e-8, 1),
        labelSmoothing: numberOption(who, '--label-smoothing', opts.labelSmoothing, 0, 0.5),
        loss: opts.loss as GanLoss,
        latent: opts.latent as 'uniform' | 'normal',
        sampleEvery: intOption(who, '--sample-every', opts.sampleEvery, 0),
        checkpointEvery: intOption(who, '--checkpoint-every', opts.checkpointEvery, 0),
        emaDecay: numberOption(who, '--ema-decay', opts.emaDecay, 0, 0.999999),
        seed: intOption(who, '--seed', opts.seed, 0),
      });
      const out = String(opts.out);
      await useBackend(command);
      const data = loadGanImages({ dataset, dir, limit, size, channels, warn: (m) => console.error(m) });
      if (holdEpochs >= options.epochs) throw new ConfigError(who, '--lr-hold-epochs', `fewer than the run's ${options.epochs} epochs (the decay needs at least one)`, opts.lrHoldEpochs);
      const schedule = ganSchedule(scheduleName as (typeof ganScheduleNames)[number], minLr, options.epochs, data.count, options.batchSize, holdEpochs);
      const train = resolveTrainDcganConfig({ ...options, schedule });
      const model = ganModelConfig(train, data);
      const { runDir: _r, resume: _s, ...recorded } = train;
      const runConfig: GanRunConfig = { runId: basename(out), dataset, dir, limit, model, train: recorded as GanRunConfig['train'] };
      const resuming = existsSync(join(out, 'config.json'));
      // The checkpoint a resumed run starts from (null: none yet), read once for the checks, the plot and the interrupted line.
      const checkpoint = resuming ? latestGanCheckpoint(out) : null;
      if (resuming) {
        const saved = readGanRun(who, out);
        const now = JSON.parse(JSON.stringify(runConfig)) as GanRunConfig;
        // What may change on resume: the average of G (runs from before it existed record none: 0), and where the run
        // stops and how its rate is scheduled, as long as every step taken so far had the base rate under both the
        // recorded schedule and the new one: a run at a constant rate, or still in the hold before its decay, may
        // start, postpone or lengthen a decay (or extend the run) it has not reached.
        const savedEpochs = Number(saved.train.epochs);
        const savedSchedule = scheduleOf(saved);
        const nowSchedule = resolveScheduleConfig(train.schedule);
        const reached = checkpoint === null ? 0 : checkpointStep(checkpoint);
        const stepsPerEpoch = Math.floor(data.count / train.batchSize);
        const reachedEpochs = Math.max(1, Math.ceil(reached / stepsPerEpoch));
        const baseRateSoFar = (s: ScheduleConfig) => s.name === 'constant' || s.holdSteps >= reached;
        const reschedules = canonicalJson(savedSchedule) !== canonicalJson(nowSchedule);
        // Other epochs change a decaying schedule's steps; once its decay has begun, that changes rates already used.
        if (!baseRateSoFar(savedSchedule) && train.epochs !== savedEpochs) {
          throw new ConfigError(who, '--epochs', `the ${savedEpochs} epochs of the run in ${out}: its ${savedSchedule.name} schedule ends at step ${savedSchedule.totalSteps} ` +
            `and has decayed the rate since step ${savedSchedule.holdSteps}, before its checkpoint at step ${reached}, so it cannot be extended`, opts.epochs);
        }
        if (train.epochs < reachedEpochs) {
          throw new ConfigError(who, '--epochs', `at least the ${reachedEpochs} epochs the run in ${out} has trained (to step ${reached}) to resume it (more extend it)`, opts.epochs);
        }
        const mayReschedule = reschedules && baseRateSoFar(savedSchedule);
        if (mayReschedule && !baseRateSoFar(nowSchedule)) {
          throw new ConfigError(who, '--lr-hold-epochs', `at least ${Math.ceil(reached / stepsPerEpoch)} for the run in ${out}, which has trained to step ${reached} at the base rate (a hold of ${nowSchedule.holdSteps} steps would change the rates of steps already taken)`, opts.lrHoldEpochs);
        }
        // Both configs resolved with today's defaults: a field added since a run was recorded compares as the default it trained with.
        const comparable = (c: GanRunConfig): Record<string, unknown> => {
          const resolved = resolveTrainDcganConfig(c.train as Partial<TrainDcganConfig>);
          return { ...c, model: resolveDcganConfig(c.model), train: { ...resolved, model: resolveDcganConfig(resolved.model), epochs: undefined, emaDecay: undefined, schedule: mayReschedule ? undefined : resolved.schedule } };
        };
        for (const key of ['dataset', 'dir', 'limit', 'model', 'train'] as const) {
          if (canonicalJson(comparable(saved)[key]) !== canonicalJson(comparable(now)[key])) {
            throw new DeeperError(`${who} expects the options of the run in ${out} to resume it, but received ${key} ${JSON.stringify(now[key])} where it has ${JSON.stringify(saved[key])}. Pass the same options, or a new --out`);
          }
        }
        const savedEma = Number(saved.train.emaDecay ?? 0);
        if (train.epochs !== savedEpochs || train.emaDecay !== savedEma || mayReschedule) {
          const describe = (c: ScheduleConfig) => (c.name === 'constant' ? 'a constant rate' : `a ${c.name} decay of the rate from step ${c.holdSteps} to ${c.minLr} at step ${c.totalSteps}`);
          const decay = mayReschedule ? `, ${describe(nowSchedule)} (was ${describe(savedSchedule)})` : '';
          console.error(`${who}: resuming ${out} with epochs ${train.epochs} (was ${savedEpochs}) and an average of G with decay ${train.emaDecay} (was ${savedEma})${decay}; recorded in its config.json`);
          writeFileAtomic(join(out, 'config.json'), `${JSON.stringify(runConfig, null, 2)}\n`);
        }
      } else {
        mkdirSync(out, { recursive: true });
        writeFileAtomic(join(out, 'config.json'), `${JSON.stringify(runConfig, null, 2)}\n`);
      }
      const folder = openRunFolder(out);
      const resume = checkpoint !== null ? out : null;
      console.error(`${who}: ${data.count} ${dataset} images ${size}×${size}×${channels}${model.classes ? `, ${model.classes} classes (conditional)` : ''}; run folder ${out}${resume ? ' (resuming)' : ''}`);
      // A resumed run's plot spans the whole run: the points logged up to its checkpoint come first.
      const plot = lossPlot<GanEvent>(folder.plotsDir, folder.id, ganCurves, resume === null ? [] : earlierPoints(folder.metricsPath, checkpoint!));
      const { interrupted, lastCheckpoint } = await runUntilSignal((stop) => trainDcgan(data, { ...train, runDir: out, resume }, { stop }).pipe(
        tap(metricsJsonl<GanEvent>(folder.metricsPath, ganMetricsOf)),
        tap(progressBar<GanEvent>({ view: ganProgressView, everySteps: intOption(who, '--every', opts.every) })),
        tap(plot),
      ), checkpoint);
      await plot.flush();
      if (interrupted) {
        // The same command resumes: the run folder holds the config and the checkpoints.
        const again = process.argv.slice(2).map((a) => (/^[\w./:=,+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
        console.log(interruptedLine(lastCheckpoint, `deeper ${again}`));
      }
    });
}
