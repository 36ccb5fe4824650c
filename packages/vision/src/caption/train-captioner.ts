/**
 * Trains NIC with teacher forcing on the shared loop (visionTrainLoop: order, Adam, `fit`'s
 * events, checkpoints, resume). One training sample is one (image, reference caption) pair:
 *   words   = [start, w_1 … w_L, pad …]          (maxLength positions)
 *   targets = [w_1 … w_L, end, pad …]
 *   L(θ)    = mean over non-pad targets of −log p(target | image, previous words)   (eq. 12)
 * Batch events' `accuracy` is the fraction of non-pad target words predicted exactly. After
 * every epoch the `test` images (a validation split, when epochs are chosen on them) are
 * captioned greedily and scored (captioning-eval event); `selectBy` names the score that
 * ranks the epochs.
 */
import * as tf from '@tensorflow/tfjs';
import { checkNumber, checkOneOf, DeeperError, resolveConfig, ShapeError, TrainRng, type TrainEvent } from '@deeper/core';
import type { Observable } from 'rxjs';
import { resolveVisionTrainConfig, visionTrainDefaults, visionTrainLoop, type VisionTrainConfig, type VisionTrainRuntime } from '../train/vision-train-loop';
import { evaluateCaptioner, type CaptionData } from './evaluate-captioner';
import type { FactAccuracy } from './truthfulness';
import { wordLogits } from './nic';
import { end, pad, start, unknown, type Vocabulary } from './vocabulary';

export interface TrainCaptionerConfig extends VisionTrainConfig {
  /**
   * Word dropout (Bowman et al. 2016, "Generating sentences from a continuous space", §3.2):
   * the probability that a fed word (never the start word) is replaced by the unknown word in
   * training, so that the next word must come from the image more than from the words before
   * it; default 0 (none, as in the paper). Drawn afresh every step from the seed and the step.
   */
  wordDropout: number;
  /**
   * The evaluation score that ranks epochs (the loop's 'validation' events and `keepBest`):
   * 'bleu4' (default, any captions) or 'truthful-held-out' (the fraction of held-out
   * combinations captioned truthfully; generated shape scenes only).
   */
  selectBy: 'bleu4' | 'truthful-held-out';
}

/** Batches of 32 pairs, Adam at 1e-3 (the paper: SGD, fixed rate, no momentum; batch not given); no word dropout. */
export const trainCaptionerDefaults: TrainCaptionerConfig = { ...visionTrainDefaults, batchSize: 32, wordDropout: 0, selectBy: 'bleu4' };

export interface CaptioningEvalEvent { type: 'captioning-eval'; epoch: number; step: number; bleu4: number; cider: number; truthful: number | null; truthfulHeldOut: number | null; facts: FactAccuracy | null }

export type CaptionerEvent = TrainEvent | CaptioningEvalEvent;

const who = 'trainCaptioner';

export function resolveTrainCaptionerConfig(partial: Partial<TrainCaptionerConfig> = {}): TrainCaptionerConfig {
  const { wordDropout, selectBy, ...shared } = resolveConfig(who, trainCaptionerDefaults, partial);
  checkNumber(who, 'wordDropout', wordDropout, 0, 1);
  checkOneOf(who, 'selectBy', selectBy, ['bleu4', 'truthful-held-out'] as const);
  return { ...resolveVisionTrainConfig(who, trainCaptionerDefaults, shared), wordDropout, selectBy };
}

/** `words` with each fed word after the start word replaced by `unknown` with probability `p`, drawn by `rng`; pad stays pad. */
export function dropWords(words: readonly number[], p: number, rng: TrainRng): number[] {
  return words.map((w, t) => (t > 0 && w !== pad && p > 0 && rng.nextUint32() / 0x100000000 < p ? unknown : w));
}

/** Word and target rows of caption `ids` for a model reading `maxLength` positions. */
export function teacherForcing(ids: readonly number[], maxLength: number): { words: number[]; targets: number[] } {
  const body = ids.slice(0, maxLength - 1);
  const words = [start, ...body, ...new Array(maxLength - 1 - body.length).fill(pad)];
  const targets = [...body, end, ...new Array(maxLength - 1 - body.length).fill(pad)];
  return { words, targets };
}

/** The masked cross-entropy of NIC's outputs against `targets` [n, maxLength] (pad ignored), and the count of right words. */
export function captionLoss(outputs: tf.Tensor3D, targets: tf.Tensor2D): { loss: tf.Scalar; right: tf.Scalar; words: tf.Scalar } {
  return tf.tidy(() => {
    const logits = wordLogits(outputs);
    const v = logits.shape[2];
    const mask = tf.cast(tf.notEqual(targets, pad), 'float32');
    const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(tf.cast(targets, 'int32') as tf.Tensor2D, v), tf.logSoftmax(logits)), -1));
    const words = tf.sum(mask) as tf.Scalar;
    const loss = tf.div(tf.sum(tf.mul(nll, mask)), tf.maximum(words, 1)) as tf.Scalar;
    const right = tf.sum(tf.mul(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(targets, 'int32')), 'float32'), mask)) as tf.Scalar;
    return { loss, right, words };
  });
}

export function trainCaptioner(model: tf.LayersModel, vocabulary: Vocabulary, data: { train: CaptionData; test?: CaptionData }, config: Partial<TrainCaptionerConfig> = {}, runtime: VisionTrainRuntime = {}): Observable<CaptionerEvent> {
  const c = resolveTrainCaptionerConfig(config);
  const { train, test } = data;
  const [, h, w, ch] = model.inputs[0].shape;
  if (h !== train.height || w !== train.width || ch !== train.channels) throw new ShapeError(who, `images of the model's input shape [${h}, ${w}, ${ch}]`, [train.height, train.width, train.channels]);
  const maxLength = model.inputs[1].shape[1] as number;
  const pairs = train.captions.flatMap((refs, i) => refs.map((caption) => ({ image: i, ...teacherForcing(vocabulary.encode(caption), maxLength) })));
  const size = train.height * train.width * train.channels;
  return visionTrainLoop<CaptioningEvalEvent>(model, {
    who,
    trainCount: pairs.length,
    batch(indices, step) {
      const n = indices.length;
      const rng = new TrainRng(c.seed * 1_000_003 + step);
      const x = new Float32Array(n * size);
      const words: number[][] = [];
      const targets: number[][] = [];
      Array.from(indices).forEach((k, i) => {
        const p = pairs[k];
        for (let q = 0; q < size; q++) x[i * size + q] = train.images[p.image * size + q] / 255;
        words.push(c.wordDropout > 0 ? dropWords(p.words, c.wordDropout, rng) : p.words);
        targets.push(p.targets);
      });
      const images = tf.tensor4d(x, [n, train.height, train.width, train.channels]);
      const wordTensor = tf.tensor2d(words, [n, maxLength]);
      const targetTensor = tf.tensor2d(targets, [n, maxLength]);
      let counts: tf.Tensor | undefined;
      return {
        size: n,
        loss() {
          const r = captionLoss(model.apply([images, wordTensor], { training: true }) as tf.Tensor3D, targetTensor);
          counts = tf.keep(tf.stack([r.right, r.words]));
          return r.loss;
        },
        score() {
          const [right, total] = counts!.dataSync();
          return total > 0 ? right / total : 0;
        },
        dispose: () => tf.dispose([images, wordTensor, targetTensor, ...(counts ? [counts] : [])]),
      };
    },
    evaluate: test
      ? (epoch, step) => {
          const e = evaluateCaptioner(model, vocabulary, test, c.evalBatchSize);
          if (c.selectBy === 'truthful-held-out' && e.truthfulHeldOut === null) {
            throw new DeeperError(`${who} expects evaluation scenes with held-out combinations when selectBy is 'truthful-held-out', but the evaluation captions have no scene facts or no held-out scene; select by 'bleu4'`);
          }
          return { loss: NaN, score: c.selectBy === 'bleu4' ? e.bleu4 : e.truthfulHeldOut!, event: { type: 'captioning-eval', epoch, step, bleu4: e.bleu4, cider: e.cider, truthful: e.truthful, truthfulHeldOut: e.truthfulHeldOut, facts: e.facts } };
        }
      : null,
  }, c, runtime);
}
