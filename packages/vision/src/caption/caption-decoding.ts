/**
 * Sentences from a trained NIC (Vinyals et al. 2015, §3.1.2 "Inference"): greedy decoding
 * takes the most likely word at every step; beam search keeps the `width` best partial
 * captions by total log-probability (the paper: width 20; width 1 is greedy). Both stop a
 * caption at the end word or at `maxLength` words. Each step runs the model on the words so
 * far (the LSTM is causal, so padding after them changes nothing).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '@deeper/core';
import { end, pad, start } from './vocabulary';
import { wordLogits } from './nic';

/** Log-probabilities of the next word after `prefixes` (each shorter than maxLength) for `images` [n, h, w, c]. */
function nextLogProbs(model: tf.LayersModel, images: tf.Tensor4D, prefixes: number[][]): Float32Array[] {
  const maxLength = model.inputs[1].shape[1] as number;
  return tf.tidy(() => {
    const words = tf.tensor2d(prefixes.map((p) => [...p, ...new Array(maxLength - p.length).fill(pad)]), [prefixes.length, maxLength]);
    const logits = wordLogits(model.predict([images, words]) as tf.Tensor3D);
    const all = tf.logSoftmax(logits).arraySync() as number[][][];
    return prefixes.map((p, i) => Float32Array.from(all[i][p.length - 1]));
  });
}

/** Greedy captions (word indices, end word excluded) of `images` [n, h, w, c]. */
export function greedyDecode(model: tf.LayersModel, images: tf.Tensor4D): number[][] {
  const maxLength = model.inputs[1].shape[1] as number;
  const prefixes = Array.from({ length: images.shape[0] }, () => [start]);
  const done = prefixes.map(() => false);
  for (let t = 0; t < maxLength && done.some((d) => !d); t++) {
    const logProbs = nextLogProbs(model, images, prefixes);
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

/** One caption of a beam: its words (indices, start and end words excluded) and total log-probability. */
export interface BeamCaption { words: number[]; logProb: number }

/**
 * The `width` best captions of one image [1, h, w, c] by beam search, best first: the n-best
 * list (for reranking, or to see what else the decoder considered).
 */
export function beamCandidates(model: tf.LayersModel, image: tf.Tensor4D, width: number): BeamCaption[] {
  checkInteger('beamSearch', 'width', width);
  const maxLength = model.inputs[1].shape[1] as number;
  let beams: { words: number[]; logProb: number; done: boolean }[] = [{ words: [start], logProb: 0, done: false }];
  for (let t = 0; t < maxLength && beams.some((b) => !b.done); t++) {
    const open = beams.filter((b) => !b.done);
    const images = tf.tidy(() => tf.tile(image, [open.length, 1, 1, 1]) as tf.Tensor4D);
    const logProbs = nextLogProbs(model, images, open.map((b) => b.words));
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
export function beamSearch(model: tf.LayersModel, image: tf.Tensor4D, width: number): number[] {
  return beamCandidates(model, image, width)[0].words;
}
