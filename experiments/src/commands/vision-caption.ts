/**
 * `deeper vision caption train|eval|predict`: NIC (@deeper/vision) on any caption folder
 * (DIR/images/*.png, DIR/{train,test}.jsonl).
 *
 *   train   --data DIR --out RUN [--epochs N] [--seed S] [--batch-size B] [--learning-rate η] [--lr-schedule constant|cosine] [--clip-norm X] [--limit N] [--blind]
 *           [--image-pooling flatten|average] [--image-normalization batch|none] [--image-input first|every-step]
 *            [--image-streams joint|shape-colour|silhouette-colour] [--attention none|regions] [--word-dropout P]
 *           [--filters F1,F2,…] [--val-data DIR] [--keep-best] [--select-by bleu4|truthful-held-out] [--resume] [--json]
 *           (--blind zeroes every image: the blind language-model baseline; --val-data scores another
 *           folder's test split after every epoch, --keep-best keeps the best epoch's checkpoint by
 *           --select-by in RUN/best/ and reports the test scores of that checkpoint)
 *   eval    --run RUN --data DIR [--ensemble RUN2,…] [--step N | --best | --average-last K] [--beam W] [--prior BLIND_RUN [--prior-weight λ] [--plausibility a]] [--show N] [--json]:
 *           captions DIR/test.jsonl's images, greedily or with a beam of W, and also reports the
 *           nearest-neighbour baseline (the caption of the training image closest in pixels); for
 *           shape scenes also which facts are right (factAccuracy); --average-last K scores the
 *           average of the weights of the run's last K checkpoints (stochastic weight averaging)
 *           with its batch norms recomputed over the training images; --ensemble decodes with
 *           several runs at once, averaging their word probabilities (each member's checkpoint
 *           chosen by the same --step, --best or --average-last); --show prints the first N
 *           captions beside their scenes. --prior scores words against a blind run's language
 *           prior (emitter-suppressor decoding, ../../../packages/vision/src/caption/caption-decoding.ts),
 *           --plausibility a keeps to words of at least a times the likeliest word's probability.
 *   predict --run RUN --image x.png [--beam W] [--prior BLIND_RUN [--prior-weight λ] [--plausibility a]]: prints the caption.
 *
 * With --json the last line holds {"bleu4", "cider", "truthful"} on the test split
 * (truthful is null for data without scene facts); eval's adds "facts" and "facts_held_out"
 * (factAccuracy over all scenes and over those with a held-out combination, or null).
 */
import type { Command } from 'commander';
import { interruptedLine, runUntilSignal } from './until-signal';
import { appendFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { filter, tap } from 'rxjs';
import * as tf from '@tensorflow/tfjs';
import { averageWeightsInto, batchNormLayers, checkpointName, completeCheckpoints, ConfigError, latestCheckpoint, loadModel, readLoopState, loadWeightsInto, lossPlot, metricsJsonl, openRunFolder, progressBar, writeFileAtomic, type TrainEvent } from '@deeper/core';
import {
  bestCheckpointsDir, beamSearch, captionerEnsemble, captionerStandingStatistics, decodeDefaults, evaluateCaptioner, nic, readCaptionFile, readCaptionImages, readImagePng, resolveNicConfig, resolveTrainCaptionerConfig, scoreCaptions, trainCaptioner, Vocabulary,
  type CaptionData, type CaptionerEvent, type FactAccuracy, type NicConfig, type TrainCaptionerConfig,
} from '@deeper/vision';
import { useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';
import { numberOption } from './gan-options';
import { declareVisionTrainOptions, parseVisionTrainOptions, type VisionTrainOptions } from './vision-train-options';

export interface CaptionRunConfig {
  task: 'caption';
  data: string;
  limit: number | null;
  blind: boolean;
  /** Caption folder whose test split is scored after every epoch instead of `data`'s (a validation split); null: `data`'s test split. */
  valData?: string | null;
  /** The vocabulary's words after the four special tokens. */
  words: string[];
  model: NicConfig;
  train: Omit<TrainCaptionerConfig, 'runDir' | 'resume'>;
}

/** A caption folder's split as CaptionData; `blind` zeroes the images. */
export function readCaptionData(dir: string, split: 'train' | 'test', limit: number | null = null, blind = false): CaptionData {
  const entries = readCaptionFile(dir, split).slice(0, limit ?? undefined);
  const { images, height, width, channels } = readCaptionImages(dir, entries);
  if (blind) images.fill(0);
  return { images, count: entries.length, height, width, channels, captions: entries.map((e) => e.captions), scenes: entries.map((e) => e.scene) };
}

const isTrainEvent = (e: CaptionerEvent): e is TrainEvent => e.type !== 'captioning-eval';

export interface CaptionTrainOptions extends VisionTrainOptions {
  /** Zero every image: the blind language-model baseline. */
  blind: boolean;
  /** NIC's imagePooling for a new run; default nicDefaults' ('flatten'). */
  imagePooling?: NicConfig['imagePooling'];
  /** Filters of NIC's VGG stages for a new run (one stage per entry, each halving the map); default nicDefaults' ([16, 32, 64]). */
  filters?: number[];
  /** NIC's imageNormalization for a new run; default nicDefaults' ('none'). */
  imageNormalization?: NicConfig['imageNormalization'];
  /** NIC's imageInput for a new run; default nicDefaults' ('first'). */
  imageInput?: NicConfig['imageInput'];
  /** NIC's imageStreams for a new run; default nicDefaults' ('joint'). */
  imageStreams?: NicConfig['imageStreams'];
  /** NIC's attention for a new run; default nicDefaults' ('none'). */
  attention?: NicConfig['attention'];
  /** trainCaptioner's wordDropout for a new run; undefined: trainCaptionerDefaults' (0). */
  wordDropout?: number;
  /** Caption folder scored after every epoch instead of --data's test split, for a new run; undefined: --data's. */
  valData?: string;
  /** Keep the best epoch's checkpoint (run/best/) for a new run; undefined: false. */
  keepBest?: boolean;
  /** trainCaptioner's selectBy for a new run; undefined: trainCaptionerDefaults' ('bleu4'). */
  selectBy?: TrainCaptionerConfig['selectBy'];
}

export function captionMetricsJson(e: { bleu4: number; cider: number; truthful: number | null }) {
  return { bleu4: e.bleu4, cider: e.cider, truthful: e.truthful };
}

/** One line of per-attribute accuracy (factAccuracy), or '' without scene facts. */
export function factLine(facts: FactAccuracy | null): string {
  if (facts === null) return '';
  const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  return `facts right: count ${f(facts.count)}, positions ${f(facts.positions)}, shape ${f(facts.shape)}, colour ${f(facts.colour)}, size ${f(facts.size)}`;
}

export async function runCaptionTrain(o: CaptionTrainOptions) {
  const started = performance.now();
  let config: CaptionRunConfig;
  if (o.resume) {
    const recorded = openRunFolder(o.out).config as unknown as CaptionRunConfig;
    // Runs recorded before imageNormalization existed had none.
    config = { ...recorded, model: { ...recorded.model, imageNormalization: recorded.model.imageNormalization ?? 'none', imageInput: recorded.model.imageInput ?? 'first', imageStreams: recorded.model.imageStreams ?? 'joint', attention: recorded.model.attention ?? 'none' }, train: { ...recorded.train, wordDropout: recorded.train.wordDropout ?? 0, selectBy: recorded.train.selectBy ?? 'bleu4', keepBest: recorded.train.keepBest ?? false, ...(o.epochs === null ? {} : { epochs: o.epochs }) } };
  } else {
    if (existsSync(join(o.out, 'config.json'))) throw new ConfigError('deeper vision caption train', '--out', 'a new run folder (or pass --resume to continue this one)', o.out);
    const train = readCaptionData(o.data, 'train', o.limit);
    const vocabulary = Vocabulary.fromCaptions(train.captions.flat());
    const longest = Math.max(...train.captions.flat().map((c) => vocabulary.encode(c).length));
    const model = resolveNicConfig({ vocabularySize: vocabulary.size, maxLength: longest + 1, inputShape: [train.height, train.width, train.channels], seed: o.seed, ...(o.imagePooling ? { imagePooling: o.imagePooling } : {}), ...(o.filters ? { filters: o.filters } : {}), ...(o.imageNormalization ? { imageNormalization: o.imageNormalization } : {}), ...(o.imageInput ? { imageInput: o.imageInput } : {}), ...(o.imageStreams ? { imageStreams: o.imageStreams } : {}), ...(o.attention ? { attention: o.attention } : {}) });
    const { runDir: _r, resume: _s, ...trainConfig } = resolveTrainCaptionerConfig({ runDir: o.out, epochs: o.epochs ?? 10, seed: o.seed, batchSize: o.batchSize, learningRate: o.learningRate, lrSchedule: o.lrSchedule, clipNorm: o.clipNorm ?? null, wordDropout: o.wordDropout, selectBy: o.selectBy, keepBest: o.keepBest ?? false });
    config = { task: 'caption', data: o.data, valData: o.valData ?? null, limit: o.limit, blind: o.blind, words: vocabulary.words.slice(4), model, train: trainConfig };
    writeFileAtomic(join(o.out, 'config.json'), `${JSON.stringify({ runId: basename(o.out), ...config }, null, 2)}\n`);
  }
  const folder = openRunFolder(o.out);
  const vocabulary = new Vocabulary(config.words);
  const train = readCaptionData(config.data, 'train', config.limit, config.blind);
  const test = readCaptionData(config.data, 'test', null, config.blind);
  const valData = config.valData ?? null;
  const evaluation = valData === null ? test : readCaptionData(valData, 'test', null, config.blind);
  const model = nic(config.model);
  console.error(`run ${folder.dir}: NIC (${model.countParams()} parameters, ${vocabulary.size} words) on ${train.count} training and ${test.count} test images of ${config.data}${config.blind ? ' (blind: images zeroed)' : ''}, ${config.train.epochs} epochs${valData === null ? '' : `, scored each epoch on the ${evaluation.count} test images of ${valData}`}${config.train.keepBest ? ` (best by ${config.train.selectBy} kept in ${join(folder.dir, 'best')})` : ''}`);
  const plot = lossPlot(folder.plotsDir, folder.id);
  try {
    const ended = await runUntilSignal((stop) => trainCaptioner(model, vocabulary, { train, test: evaluation }, { ...config.train, runDir: folder.dir, resume: o.resume ? folder.dir : null }, { stop }).pipe(
        tap((e) => {
          if (e.type !== 'captioning-eval') return;
          appendFileSync(folder.metricsPath, `${JSON.stringify({ time: Date.now() / 1000, type: e.type, step: e.step, epoch: e.epoch, 'charts/bleu4': e.bleu4, 'charts/cider': e.cider, 'charts/truthful': e.truthful, 'charts/truthful_held_out': e.truthfulHeldOut, ...(e.facts === null ? {} : { 'charts/facts_count': e.facts.count, 'charts/facts_positions': e.facts.positions, 'charts/facts_shape': e.facts.shape, 'charts/facts_colour': e.facts.colour, 'charts/facts_size': e.facts.size }) })}\n`);
          console.error(`epoch ${e.epoch + 1} ${valData === null ? 'test' : 'validation'}: BLEU-4 ${e.bleu4.toFixed(4)}, CIDEr-D ${e.cider.toFixed(4)}, truthful ${e.truthful ?? '–'} (held-out ${e.truthfulHeldOut ?? '–'})${e.facts === null ? '' : `; ${factLine(e.facts)}`}`);
        }),
        filter(isTrainEvent),
        tap(metricsJsonl(folder.metricsPath)),
        tap(progressBar({ everySteps: o.progressEvery })),
        tap(plot),
    ));
    await plot.flush();
    // With --keep-best the run's result is its best epoch's checkpoint, chosen on the per-epoch scores.
    const best = config.train.keepBest && !ended.interrupted ? latestCheckpoint(bestCheckpointsDir(folder.dir)) : null;
    if (best !== null) await loadWeightsInto(model, best);
    return { ...ended, runDir: folder.dir, best, test: ended.interrupted ? null : evaluateCaptioner(model, vocabulary, test, config.train.evalBatchSize), seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

export async function loadCaptionRun(run: string, step?: number, best = false): Promise<{ model: tf.LayersModel; vocabulary: Vocabulary; config: CaptionRunConfig }> {
  const config = openRunFolder(run).config as unknown as CaptionRunConfig;
  if (best && step !== undefined) throw new ConfigError('deeper vision caption', '--best', 'absent when --step names the checkpoint', true);
  if (best && !existsSync(bestCheckpointsDir(run))) throw new ConfigError('deeper vision caption', '--best', `a run trained with --keep-best (${join(run, 'best')} holds its best epoch), but ${run} has none`, true);
  const checkpoint = best ? latestCheckpoint(bestCheckpointsDir(run)) : step === undefined ? latestCheckpoint(run) : join(run, 'checkpoints', checkpointName(step));
  if (step !== undefined && !existsSync(checkpoint)) throw new ConfigError('deeper vision caption', '--step', `a step with a checkpoint in ${join(run, 'checkpoints')}`, step);
  return { model: await loadModel(checkpoint, { optimizer: false }), vocabulary: new Vocabulary(config.words), config };
}

/**
 * The run's captioner with the weights averaged over its last `last` checkpoints (one per
 * epoch: stochastic weight averaging, core's `averageWeightsInto`) and its batch norms'
 * statistics recomputed with one pass over the run's training images
 * (`captionerStandingStatistics`), as Izmailov et al. (2018) prescribe for the averaged network.
 */
export async function loadAveragedCaptionRun(run: string, last: number): Promise<CaptionMember> {
  const config = openRunFolder(run).config as unknown as CaptionRunConfig;
  const checkpoints = completeCheckpoints(run);
  if (!Number.isInteger(last) || last < 1 || last > checkpoints.length) throw new ConfigError('deeper vision caption', '--average-last', `a whole number from 1 to the ${checkpoints.length} checkpoints in ${join(run, 'checkpoints')}`, last);
  const chosen = checkpoints.slice(-last);
  const model = await loadModel(chosen[chosen.length - 1], { optimizer: false });
  try {
    await averageWeightsInto(model, chosen);
    if (batchNormLayers(model).length > 0) captionerStandingStatistics(model, readCaptionData(config.data, 'train', config.limit, config.blind), { batchSize: config.train.batchSize });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, vocabulary: new Vocabulary(config.words), config, steps: chosen.map((dir) => readLoopState(dir).step) };
}

/** A loaded caption run: its captioner, vocabulary and config, and the steps of the checkpoints averaged into it ([] for one checkpoint). */
export interface CaptionMember {
  model: tf.LayersModel;
  vocabulary: Vocabulary;
  config: CaptionRunConfig;
  steps: number[];
}

/**
 * `run (N words)` for an error that refuses `run` for its vocabulary `words`, `expected` being
 * the vocabulary wanted, or null when the two are the same.
 */
function otherVocabulary(run: string, words: readonly string[], expected: readonly string[]): string | null {
  if (JSON.stringify(words) === JSON.stringify(expected)) return null;
  return `${run} (${words.length} words${words.length === expected.length ? ', others' : ''})`;
}

/** Which checkpoint of each run `loadCaptionMembers` loads: `step`, the kept best epoch, or the average of the last `averageLast`; the run's last by default. */
export interface CaptionCheckpointChoice {
  step?: number;
  best?: boolean;
  averageLast?: number;
}

/**
 * The captioners of `runs` (the ensemble of `caption eval --ensemble`; one run for a single
 * captioner), each at the checkpoint `choice` names; runs over another vocabulary than the
 * first's are refused by name. The caller disposes the models.
 */
export async function loadCaptionMembers(runs: readonly string[], choice: CaptionCheckpointChoice = {}): Promise<CaptionMember[]> {
  const members: CaptionMember[] = [];
  try {
    for (const run of runs) {
      const member = choice.averageLast === undefined ? { ...(await loadCaptionRun(run, choice.step, choice.best === true)), steps: [] } : await loadAveragedCaptionRun(run, choice.averageLast);
      members.push(member);
      const other = otherVocabulary(run, member.config.words, members[0].config.words);
      if (other !== null) throw new ConfigError('deeper vision caption eval', '--ensemble', `runs over the vocabulary of ${runs[0]} (${members[0].config.words.length} words)`, other);
      if (choice.averageLast !== undefined) console.error(`${run}: the average of the checkpoints of steps ${member.steps.join(', ')}, batch norms recomputed over the training images`);
    }
  } catch (error) {
    for (const member of members) member.model.dispose();
    throw error;
  }
  return members;
}

/**
 * The language prior of `--prior RUN` for a captioner of `words`: RUN must be a caption run
 * trained with --blind (on blank images) over the same vocabulary.
 */
export async function loadCaptionPrior(run: string, words: readonly string[]): Promise<tf.LayersModel> {
  const { model, config } = await loadCaptionRun(run);
  if (!config.blind) {
    model.dispose();
    throw new ConfigError('deeper vision caption', '--prior', 'a caption run trained with --blind (its word distribution on blank images is the language prior)', `${run} (trained on images)`);
  }
  const other = otherVocabulary(run, config.words, words);
  if (other !== null) {
    model.dispose();
    throw new ConfigError('deeper vision caption', '--prior', `a run with the captioner's vocabulary (${words.length} words)`, other);
  }
  return model;
}

/** Captions of `test` copied from the training image nearest in squared pixel distance (the nearest-neighbour baseline). */
export function nearestNeighbourCaptions(train: CaptionData, test: CaptionData): string[] {
  const size = train.height * train.width * train.channels;
  return Array.from({ length: test.count }, (_, i) => {
    let best = 0;
    let bestDistance = Infinity;
    for (let j = 0; j < train.count; j++) {
      let d = 0;
      for (let p = 0; p < size && d < bestDistance; p++) {
        const diff = test.images[i * size + p] - train.images[j * size + p];
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = j;
      }
    }
    return train.captions[best][0];
  });
}

/** Declares emitter-suppressor decoding's options on `command`: --prior, --prior-weight, --plausibility. */
function withPriorOptions(command: Command): Command {
  return command
    .option('--prior <run>', 'score words against the language prior of this caption run trained with --blind (emitter-suppressor decoding)')
    .option('--prior-weight <x>', 'λ in log p(w | image) − λ log p(w | blank), 0 to 1', String(decodeDefaults.priorWeight))
    .option('--plausibility <a>', "only words with at least a times the likeliest word's probability may be chosen, 0 to 1 (0: any)", String(decodeDefaults.plausibility));
}

/** --prior-weight and --plausibility, checked (0 to 1); --prior is loaded once the captioner's words are known. */
function priorWeights(who: string, opts: Record<string, unknown>): { priorWeight: number; plausibility: number } {
  return { priorWeight: numberOption(who, '--prior-weight', opts.priorWeight, 0, 1), plausibility: numberOption(who, '--plausibility', opts.plausibility, 0, 1) };
}

export function register(vision: Command): void {
  const caption = vision.command('caption').description('NIC image captioning: train, eval, predict');
  declareVisionTrainOptions(
    caption.command('train').description('train NIC on DIR/train.jsonl, captioning DIR/test.jsonl after every epoch'),
    { data: 'caption folder (images/, train.jsonl, test.jsonl)', samples: '(image, caption) pairs', batchSize: 32, limitUnit: 'images' },
    (c) => c
      .option('--blind', 'zero every image: the blind language-model baseline')
      .option('--image-pooling <how>', "how the CNN's map becomes the image embedding: flatten (keeps positions) or average (global average pooling)", 'flatten')
      .option('--image-normalization <how>', 'how the image embedding is scaled before the LSTM: none (a plain linear map, as in the paper) or batch (batch norm)', 'none')
      .option('--image-input <where>', "where the image embedding enters the LSTM: first (x₋₁ only, as in the paper) or every-step (also beside every word)", 'first')
      .option('--image-streams <which>', "what the CNN sees: joint (the RGB image, as in the paper) or shape-colour (the VGG stages see the grey level; a per-pixel colour stream, max-pooled to their last grid, says which colours lie where) or silhouette-colour (as shape-colour, but the VGG stages see where anything is drawn, not how bright it is)", 'joint')
      .option('--attention <how>', "how words see the image beyond the LSTM's input: none (NIC) or regions (soft attention over the CNN's last map after the LSTM, its context added to the word logits, as in Show, Attend and Tell)", 'none')
      .option('--filters <list>', "filters of the CNN's VGG stages, comma-separated, one stage (halving the map) per entry (default 16,32,64)")
      .option('--word-dropout <p>', 'probability that a fed word is replaced by the unknown word in training (word dropout; default 0)')
      .option('--val-data <dir>', "caption folder whose test split is scored after every epoch instead of --data's (a validation set to choose the epoch on)")
      .option('--keep-best', 'keep the checkpoint of the best epoch by --select-by in <out>/best/, and report the test scores of that checkpoint')
      .option('--select-by <metric>', 'the per-epoch score that ranks epochs: bleu4, or truthful-held-out (generated shape scenes)', 'bleu4'),
  )
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const who = 'deeper vision caption train';
      const imagePooling = String(opts.imagePooling);
      if (imagePooling !== 'flatten' && imagePooling !== 'average') throw new ConfigError(who, '--image-pooling', 'flatten or average', opts.imagePooling);
      const imageNormalization = String(opts.imageNormalization);
      if (imageNormalization !== 'batch' && imageNormalization !== 'none') throw new ConfigError(who, '--image-normalization', 'batch or none', opts.imageNormalization);
      const imageInput = String(opts.imageInput);
      if (imageInput !== 'first' && imageInput !== 'every-step') throw new ConfigError(who, '--image-input', 'first or every-step', opts.imageInput);
      const imageStreams = String(opts.imageStreams);
      if (imageStreams !== 'joint' && imageStreams !== 'shape-colour' && imageStreams !== 'silhouette-colour') throw new ConfigError(who, '--image-streams', 'joint, shape-colour or silhouette-colour', opts.imageStreams);
      const attention = String(opts.attention);
      if (attention !== 'none' && attention !== 'regions') throw new ConfigError(who, '--attention', 'none or regions', opts.attention);
      const filters = opts.filters === undefined ? undefined : String(opts.filters).split(',').map((f) => parseIntegerOption(who, '--filters', f.trim(), 1));
      const wordDropout = opts.wordDropout === undefined ? undefined : Number(opts.wordDropout);
      if (wordDropout !== undefined && !(wordDropout >= 0 && wordDropout <= 1)) throw new ConfigError(who, '--word-dropout', 'a probability between 0 and 1', opts.wordDropout);
      const selectBy = String(opts.selectBy);
      if (selectBy !== 'bleu4' && selectBy !== 'truthful-held-out') throw new ConfigError(who, '--select-by', 'bleu4 or truthful-held-out', opts.selectBy);
      const result = await runCaptionTrain({
        valData: opts.valData === undefined ? undefined : String(opts.valData),
        keepBest: opts.keepBest === true,
        selectBy,
        wordDropout,
        imagePooling,
        imageNormalization,
        imageInput,
        imageStreams,
        attention,
        filters,
        ...parseVisionTrainOptions(who, opts),
        blind: opts.blind === true,
      });
      if (result.test === null) {
        console.log(interruptedLine(result.lastCheckpoint, `deeper vision caption train --data ${String(opts.data)} --out ${result.runDir} --resume`));
        return;
      }
      if (result.best !== null) console.error(`best epoch's checkpoint: ${result.best}`);
      console.log(`test${result.best === null ? '' : ' (best epoch)'}: BLEU-4 ${result.test.bleu4.toFixed(4)}, CIDEr-D ${result.test.cider.toFixed(4)}, truthful ${result.test.truthful ?? '–'} (held-out ${result.test.truthfulHeldOut ?? '–'}); ${result.seconds.toFixed(1)} s; run folder ${result.runDir}`);
      if (opts.json) console.log(JSON.stringify(captionMetricsJson(result.test)));
    });
  withPriorOptions(caption
    .command('eval')
    .description("caption DIR/test.jsonl's images with a run's last checkpoint, beside the nearest-neighbour baseline")
    .requiredOption('--run <run>', 'run folder written by caption train')
    .requiredOption('--data <dir>', 'caption folder')
    .option('--beam <w>', 'beam width (1: greedy)', '1')
    .option('--step <n>', "the checkpoint of this step (default: the run's last)")
    .option('--best', 'the best epoch\'s checkpoint of a run trained with --keep-best')
    .option('--ensemble <runs>', "decode with these runs' captioners too (comma-separated; same vocabulary), averaging the members' word probabilities at every step")
    .option('--average-last <k>', "the average of the weights of the run's last k checkpoints (stochastic weight averaging), batch norms recomputed over its training images")
    .option('--show <n>', 'print the first n generated captions beside their scenes', '0')
    .option('--json', 'print the metrics as the last line, in JSON'))
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const who = 'deeper vision caption eval';
      const width = parseIntegerOption(who, '--beam', String(opts.beam), 1);
      const show = parseIntegerOption(who, '--show', String(opts.show), 0);
      const step = opts.step === undefined ? undefined : parseIntegerOption(who, '--step', String(opts.step), 0);
      const weights = priorWeights(who, opts);
      const averageLast = opts.averageLast === undefined ? undefined : parseIntegerOption(who, '--average-last', String(opts.averageLast), 1);
      if (averageLast !== undefined && (step !== undefined || opts.best === true)) throw new ConfigError(who, '--average-last', 'absent when --step or --best names the checkpoint', averageLast);
      const runs = [String(opts.run), ...(opts.ensemble === undefined ? [] : String(opts.ensemble).split(',').map((r) => r.trim()))];
      const members = await loadCaptionMembers(runs, { step, best: opts.best === true, averageLast });
      const { vocabulary, config } = members[0];
      const model = members.length === 1 ? members[0].model : captionerEnsemble(members.map((m) => m.model));
      const prior = opts.prior === undefined ? null : await loadCaptionPrior(String(opts.prior), config.words);
      const decode = { prior, ...weights };
      try {
        const test = readCaptionData(String(opts.data), 'test', null, config.blind);
        const size = test.height * test.width * test.channels;
        const generated = width === 1
          ? evaluateCaptioner(model, vocabulary, test, undefined, decode).generated
          : Array.from({ length: test.count }, (_, i) => {
              const image = tf.tidy(() => tf.div(tf.tensor4d(test.images.subarray(i * size, (i + 1) * size), [1, test.height, test.width, test.channels], 'float32'), 255) as tf.Tensor4D);
              const words = beamSearch(model, image, width, decode);
              image.dispose();
              return vocabulary.decode(words);
            });
        const scores = scoreCaptions(generated, test);
        for (let i = 0; i < Math.min(show, test.count); i++) {
          const scene = test.scenes[i];
          console.log(`${i}: ${generated[i]}\n   ${scene === null ? `reference: ${test.captions[i][0]}` : `scene: ${scene.facts.map((f) => `${f.size} ${f.colour} ${f.shape} @ ${f.position}`).join('; ')}${scene.heldOut ? ' (held out)' : ''}`}`);
        }
        const nn = scoreCaptions(nearestNeighbourCaptions(readCaptionData(String(opts.data), 'train'), readCaptionData(String(opts.data), 'test')), test);
        console.log(`NIC (beam ${width}${members.length > 1 ? `, ensemble of ${members.length}` : ""}${prior === null ? '' : `, prior ${opts.prior} λ ${decode.priorWeight}`}${decode.plausibility > 0 ? `, plausibility ${decode.plausibility}` : ''}): BLEU-4 ${scores.bleu4.toFixed(4)}, CIDEr-D ${scores.cider.toFixed(4)}, truthful ${scores.truthful ?? '–'} (held-out ${scores.truthfulHeldOut ?? '–'})`);
        if (scores.facts !== null) console.log(`NIC ${factLine(scores.facts)}`);
        if (scores.factsHeldOut !== null) console.log(`NIC on held-out scenes ${factLine(scores.factsHeldOut)}`);
        console.log(`nearest neighbour: BLEU-4 ${nn.bleu4.toFixed(4)}, CIDEr-D ${nn.cider.toFixed(4)}, truthful ${nn.truthful ?? '–'} (held-out ${nn.truthfulHeldOut ?? '–'})`);
        if (nn.facts !== null) console.log(`nearest neighbour ${factLine(nn.facts)}`);
        if (opts.json) console.log(JSON.stringify({ ...captionMetricsJson(scores), truthful_held_out: scores.truthfulHeldOut, facts: scores.facts, facts_held_out: scores.factsHeldOut }));
      } finally {
        for (const member of members) member.model.dispose();
        prior?.dispose();
      }
    });
  withPriorOptions(caption
    .command('predict')
    .description('print the caption of an image')
    .requiredOption('--run <run>', 'run folder written by caption train')
    .requiredOption('--image <png>', 'image of the size the run was trained on')
    .option('--beam <w>', 'beam width (1: greedy)', '1'))
    .action(async (opts: Record<string, string | undefined>, command: Command) => {
      await useBackend(command);
      const width = parseIntegerOption('deeper vision caption predict', '--beam', String(opts.beam), 1);
      const weights = priorWeights('deeper vision caption predict', opts);
      const { model, vocabulary, config } = await loadCaptionRun(String(opts.run));
      const prior = opts.prior === undefined ? null : await loadCaptionPrior(String(opts.prior), config.words);
      try {
        const image = readImagePng(String(opts.image));
        const [, h, w, c] = model.inputs[0].shape as number[];
        if (image.height !== h || image.width !== w || image.channels !== c) throw new ConfigError('deeper vision caption predict', '--image', `a ${w}×${h} PNG with ${c} channel(s)`, `${opts.image} (${image.width}×${image.height}, ${image.channels})`);
        const x = tf.tidy(() => tf.div(tf.tensor4d(image.data, [1, h, w, c], 'float32'), 255) as tf.Tensor4D);
        console.log(vocabulary.decode(beamSearch(model, x, width, { prior, ...weights })));
        x.dispose();
      } finally {
        model.dispose();
        prior?.dispose();
      }
    });
}
