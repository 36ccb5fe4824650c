/**
 * An ensemble of captioners: NIC models trained apart (other seeds, other recipes) over the
 * same vocabulary, decoded as one. At every step the next word's distribution is the average
 * of the members' (core's `Ensemble`, which averages probabilities as Krizhevsky et al. 2012
 * do), so greedy decoding and beam search run unchanged on it. Vinyals et al. (2015, §4.3.1)
 * report that ensembling gave their NIC a few BLEU points; here it also smooths what a single
 * model gets right from one epoch to the next.
 *
 * The ensemble answers `predict([images, words])` with the logarithm of the averaged
 * probabilities, in NIC's output layout [n, maxLength + 1, vocabulary], so that the decoders'
 * log-softmax leaves them as they are.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, Ensemble } from '@deeper/core';

/** What the decoders read of a captioner: its input and output shapes, and `predict([images, words])` → logits [n, maxLength + 1, vocabulary]. */
export type Captioner = Pick<tf.LayersModel, 'inputs' | 'outputs' | 'predict'>;

/** Probabilities below this are read as it, so that a word every member rules out scores a finite log-probability. */
const smallestProbability = 1e-30;

/** The captioner whose word distributions are the average of `members`' (which it does not own or dispose). */
export function captionerEnsemble(members: readonly tf.LayersModel[]): Captioner {
  const who = 'captionerEnsemble';
  if (!Array.isArray(members) || members.length === 0) throw new ConfigError(who, 'members', 'a non-empty array of captioners', members);
  const layout = (m: tf.LayersModel) => ({ image: m.inputs[0].shape.slice(1), maxLength: m.inputs[1]?.shape[1], output: m.outputs[0].shape.slice(1) });
  members.forEach((m, i) => {
    if (m.inputs.length !== 2) throw new ConfigError(who, `members[${i}]`, 'a captioner with inputs [image, words]', `${m.inputs.length} inputs`);
    if (JSON.stringify(layout(m)) !== JSON.stringify(layout(members[0]))) throw new ConfigError(who, `members[${i}]`, `a captioner of member 0's image shape, maxLength and vocabulary (${JSON.stringify(layout(members[0]))})`, layout(m));
  });
  const ensemble = new Ensemble(members, { fromLogits: true });
  return {
    inputs: members[0].inputs,
    outputs: members[0].outputs,
    predict: (x: tf.Tensor | tf.Tensor[]) => tf.tidy(() => tf.log(tf.maximum(ensemble.predict(x), smallestProbability))),
  };
}
