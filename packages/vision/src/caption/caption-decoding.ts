/**
 * Sentences from a trained NIC (Vinyals et al. 2015, §3.1.2 "Inference"): greedy decoding
 * takes the most likely word at every step; beam search keeps the `width` best partial
 * captions by total log-probability (the paper: width 20; width 1 is greedy). Both stop a
 * caption at the end word or at `maxLength` words. Each step runs the model on the words so
 * far (the LSTM is causal, so padding after them changes nothing).
 *
 * With a language prior (`DecodeOptions`), words are scored by
 * log p(w | image, words) − λ · log p(w | words): the emitter–suppressor inference of Vedantam
 * et al. 2017 with a blank image as the distractor, which is the maximum-mutual-information
 * objective of Li et al. 2016 at λ = 1. The prior is a captioner trained on blank images
 * (`caption train --blind`, the blind baseline); it suppresses what the words so far predict
 * whatever the image, so that what the image adds decides, as on combinations of words the
 * training captions never paired. A large λ also discounts the words the prior is sure of
 * (the sentence's frame) and breaks the sentence; the adaptive plausibility constraint of Li
 * et al. 2022 (contrastive decoding) guards against that: only words the captioner itself
 * gives at least `plausibility` times its most likely word's probability may be chosen.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, resolveConfig } from '@deeper/core';
import { end, pad, start } from './vocabulary';
import { wordLogits } from './nic';
import type { Captioner } from './captioner-ensemble';

/** How words are scored while decoding. */
export interface DecodeOptions {
  /** A captioner trained on blank images, read as the language prior; default null (the captioner alone). */
  prior: tf.LayersModel | null;
  /** λ, the prior's weight (0 ≤ λ ≤ 1; 0 ignores it); default 0.5 where a prior is given (Vedantam et al. 2017 tune λ in [0, 1] on held-out data). */
  priorWeight: number;
  /** α: only words w with p(w | image, words) ≥ α · max p may be chosen (0 ≤ α ≤ 1; 0: any); default 0 (Li et al. 2022 use 0.1). */
  plausibility: number;
}

export const decodeDefaults: DecodeOptions = { prior: null, priorWeight: 0.5, plausibility: 0 };

/** Merges and checks `DecodeOptions` against the captioner `model`. */
export function resolveDecodeOptions(model: Captioner, partial: Partial<DecodeOptions> = {}): DecodeOptions {
  const options = resolveConfig('decode', decodeDefaults, partial);
  checkNumber('decode', 'priorWeight', options.priorWeight, 0, 1);
  checkNumber('decode', 'plausibility', options.plausibility, 0, 1);
  const { prior } = options;
  if (prior !== null) {
    const shapeOf = (m: Captioner) => JSON.stringify([m.inputs[0].shape.slice(1), m.inputs[1].shape[1], m.outputs[0].shape[2]]);
    if (shapeOf(prior) !== shapeOf(model)) {
      throw new ConfigError('decode', 'prior', `a captioner of the same image shape, maxLength and vocabulary size as the decoded one ([image, maxLength, words] ${shapeOf(model)})`, shapeOf(prior));
    }
  }
  return options;
}

/**
 * Scores of the next word after `prefixes` (each at most maxLength long) for `images`
 * [n, h, w, c]: log-probabilities, less λ times the prior's on blank images where one is given.
 */
function nextScores(model: Captioner, images: tf.Tensor4D, prefixes: number[][], options: DecodeOptions): Float32Array[] {
  const maxLength = model.inputs[1].shape[1] as number;
  const [captioner, combined] = tf.tidy(() => {
    const words = tf.tensor2d(prefixes.map((p) => [...p, ...new Array(maxLength - p.length).fill(pad)]), [prefixes.length, maxLength]);
    // Each prefix's next word is read at its last position: [n, vocabulary].
    const last = tf.tensor2d(prefixes.map((p, i) => [i, p.length - 1]), [prefixes.length, 2], 'int32');
    const next = (logits: tf.Tensor3D) => tf.gatherND(tf.logSoftmax(wordLogits(logits)), last) as tf.Tensor2D;
    const own = next(model.predict([images, words]) as tf.Tensor3D);
    if (options.prior === null || options.priorWeight === 0) return [own];
    const prior = next(options.prior.predict([tf.zerosLike(images), words]) as tf.Tensor3D);
    return [own, tf.sub(own, tf.mul(prior, options.priorWeight)) as tf.Tensor2D];
  });
  const logProbs = captioner.arraySync();
  const scores = combined?.arraySync();
  tf.dispose([captioner, combined]);
  return logProbs.map((row, i) => {
    const score = Float32Array.from(scores?.[i] ?? row);
    if (options.plausibility > 0) keepPlausible(score, row, options.plausibility);
    return score;
  });
}

/**
 * Rules out, in `scores`, every word the captioner gives less than `plausibility` times the
 * probability of its likeliest word that can be emitted (padding and the start word never are).
 */
function keepPlausible(scores: Float32Array, logProbs: number[], plausibility: number): void {
  let best = -Infinity;
  for (let w = 0; w < logProbs.length; w++) if (w !== pad && w !== start && logProbs[w] > best) best = logProbs[w];
  const floor = best + Math.log(plausibility);
  for (let w = 0; w < logProbs.length; w++) if (!(logProbs[w] >= floor)) scores[w] = -Infinity;
}

/** Greedy captions (word indices, end word excluded) of `images` [n, h, w, c]. */
export function greedyDecode(model: Captioner, images: tf.Tensor4D, decode: Partial<DecodeOptions> = {}): number[][] {
  const options = resolveDecodeOptions(model, decode);
  const maxLength = model.inputs[1].shape[1] as number;
  const prefixes = Array.from({ length: images.shape[0] }, () => [start]);
  const done = prefixes.map(() => false);
  for (let t = 0; t < maxLength && done.some((d) => !d); t++) {
    const logProbs = nextScores(model, images, prefixes, options);
    logProbs.forEach((lp, i) => {
      if (done[i]) return;
      // The most likely word; padding and the start word are never emitted.
      let best = -1;
      for (let w = 0; w < lp.length; w++) if (w !== pad && w !== start && (best < 0 || lp[w] > lp[best])) best = w;
      if (best === end || prefixes[i].length === maxLength) done[i] = true;
      else prefixes[i].push(best);
    });
  }
  return prefixes.map((p) => p.slice(1));
}

/** One caption of a beam: its words (indices, start and end words excluded) and total log-probability (total score with a prior). */
export interface BeamCaption { words: number[]; logProb: number }

/**
 * The `width` best captions of one image [1, h, w, c] by beam search, best first: the n-best
 * list (for reranking, or to see what else the decoder considered).
 */
export function beamCandidates(model: Captioner, image: tf.Tensor4D, width: number, decode: Partial<DecodeOptions> = {}): BeamCaption[] {
  checkInteger('beamSearch', 'width', width);
  const options = resolveDecodeOptions(model, decode);
  const maxLength = model.inputs[1].shape[1] as number;
  let beams: { words: number[]; logProb: number; done: boolean }[] = [{ words: [start], logProb: 0, done: false }];
  for (let t = 0; t < maxLength && beams.some((b) => !b.done); t++) {
    const open = beams.filter((b) => !b.done);
    const images = tf.tidy(() => tf.tile(image, [open.length, 1, 1, 1]) as tf.Tensor4D);
    const logProbs = nextScores(model, images, open.map((b) => b.words), options);
    images.dispose();
    const candidates = beams.filter((b) => b.done);
    open.forEach((b, i) => {
      // A caption at maxLength words ends there, as greedy's does, with nothing added.
      if (b.words.length === maxLength) {
        candidates.push({ ...b, done: true });
        return;
      }
      logProbs[i].forEach((lp, w) => {
        if (w === pad || w === start) return;
        candidates.push({ words: w === end ? b.words : [...b.words, w], logProb: b.logProb + lp, done: w === end });
      });
    });
    // Best first; ties keep the lower word index first, as greedy's argmax does.
    beams = candidates.sort((a, b) => b.logProb - a.logProb).slice(0, width);
  }
  return beams.map((b) => ({ words: b.words.slice(1), logProb: b.logProb }));
}

/** Beam-search caption (word indices) of one image [1, h, w, c]: the best of `beamCandidates`. */
export function beamSearch(model: Captioner, image: tf.Tensor4D, width: number, decode: Partial<DecodeOptions> = {}): number[] {
  return beamCandidates(model, image, width, decode)[0].words;
}
