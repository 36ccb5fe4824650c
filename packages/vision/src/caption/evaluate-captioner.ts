/** A captioner on held-out images: greedy captions scored by BLEU-4, CIDEr-D and, for generated shape scenes, truthfulness. */
import * as tf from '@tensorflow/tfjs';
import type { ShapeScene } from '../datasets/shape-captions';
import { corpusBleu } from './bleu';
import { greedyDecode, type DecodeOptions } from './caption-decoding';
import type { Captioner } from './captioner-ensemble';
import { ciderD } from './cider';
import { factAccuracy, isTruthful, type FactAccuracy } from './truthfulness';
import type { Vocabulary } from './vocabulary';

/** Images with reference captions (and, for generated scenes, their facts). */
export interface CaptionData {
  images: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  captions: string[][];
  /** Facts of each scene, or null for data without them. */
  scenes: (ShapeScene | null)[];
}

export interface CaptionerEvaluation {
  bleu4: number;
  cider: number;
  /** Fraction of captions that state exactly their scene; null without scene facts. */
  truthful: number | null;
  /** The same over the scenes holding a held-out combination; null when there are none. */
  truthfulHeldOut: number | null;
  /** Per-attribute accuracy (count, positions, shape, colour, size) over the scenes with facts; null without them. */
  facts: FactAccuracy | null;
  /** The same over the scenes holding a held-out combination; null when there are none. */
  factsHeldOut: FactAccuracy | null;
  generated: string[];
}

/** Scores `generated` captions of `data` (one per image). */
export function scoreCaptions(generated: readonly string[], data: CaptionData): Omit<CaptionerEvaluation, 'generated'> {
  const bleu4 = corpusBleu(generated, data.captions)[3];
  const cider = ciderD(generated, data.captions);
  const withFacts = data.scenes.map((s, i) => ({ s, i })).filter((x): x is { s: ShapeScene; i: number } => x.s !== null);
  const rate = (items: { s: ShapeScene; i: number }[]) => (items.length === 0 ? null : items.filter(({ s, i }) => isTruthful(generated[i], s.facts)).length / items.length);
  const breakdown = (items: { s: ShapeScene; i: number }[]) => (items.length === 0 ? null : factAccuracy(items.map(({ i }) => generated[i]), items.map(({ s }) => s.facts)));
  const heldOut = withFacts.filter(({ s }) => s.heldOut);
  return { bleu4, cider, truthful: rate(withFacts), truthfulHeldOut: rate(heldOut), facts: breakdown(withFacts), factsHeldOut: breakdown(heldOut) };
}

/** Greedy captions of `data`'s images (scored against a language prior with `decode`), scored. */
export function evaluateCaptioner(model: Captioner, vocabulary: Vocabulary, data: CaptionData, batchSize = 50, decode: Partial<DecodeOptions> = {}): CaptionerEvaluation {
  const size = data.height * data.width * data.channels;
  const generated: string[] = [];
  for (let startAt = 0; startAt < data.count; startAt += batchSize) {
    const n = Math.min(batchSize, data.count - startAt);
    const images = tf.tidy(() => tf.div(tf.tensor4d(data.images.subarray(startAt * size, (startAt + n) * size), [n, data.height, data.width, data.channels], 'float32'), 255) as tf.Tensor4D);
    generated.push(...greedyDecode(model, images, decode).map((ids) => vocabulary.decode(ids)));
    images.dispose();
  }
  return { ...scoreCaptions(generated, data), generated };
}
