import * as tf from '@tensorflow/tfjs';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { beamCandidates, beamSearch, greedyDecode, resolveDecodeOptions } from '../../../packages/vision/src/caption/caption-decoding';
import { evaluateCaptioner } from '../../../packages/vision/src/caption/evaluate-captioner';
import { nic, wordLogits } from '../../../packages/vision/src/caption/nic';
import { captionLoss, dropWords, resolveTrainCaptionerConfig, teacherForcing, trainCaptioner, type CaptionerEvent } from '../../../packages/vision/src/caption/train-captioner';
import { TrainRng } from '../../../packages/core/src/train/train-rng';
import { end, pad, start, Vocabulary } from '../../../packages/vision/src/caption/vocabulary';
import { generateShapeCaptions } from '../../../packages/vision/src/datasets/shape-captions';

await selectBackend('wasm', { quiet: true, threads: 1 });

const TeacherForcing = suite('teacherForcing');

TeacherForcing('words start with the start word, targets end with the end word, both padded (and cut) to maxLength', () => {
  assert.equal(teacherForcing([7, 8], 5), { words: [1, 7, 8, 0, 0], targets: [7, 8, 2, 0, 0] });
  assert.equal(teacherForcing([7, 8, 9, 10, 11, 12], 4), { words: [1, 7, 8, 9], targets: [7, 8, 9, 2] });
});

const CaptionLoss = suite('captionLoss');

CaptionLoss('the mean −log p over non-pad targets only (hand-computed)', () => {
  // Row 0 (after the image) is ignored; rows 1 and 2 predict targets [2, 0]: only the first counts.
  const outputs = tf.tensor3d([[[9, 9, 9], [0, 0, Math.log(2)], [5, 0, 0]]]);
  const { loss, right, words } = captionLoss(outputs, tf.tensor2d([[2, 0]]));
  assert.ok(Math.abs(loss.dataSync()[0] - -Math.log(2 / 4)) < 1e-6);
  assert.is(right.dataSync()[0], 1);
  assert.is(words.dataSync()[0], 1);
});

const DropWords = suite('dropWords (word dropout)');

DropWords('replaces fed words by the unknown word at the given rate, never the start word or padding; the same generator state gives the same words', () => {
  const words = [1, ...Array.from({ length: 30 }, (_, i) => 5 + (i % 7)), 0, 0, 0];
  let dropped = 0;
  let fed = 0;
  for (let seed = 0; seed < 200; seed++) {
    const out = dropWords(words, 0.25, new TrainRng(seed));
    assert.equal(dropWords(words, 0.25, new TrainRng(seed)), out);
    assert.is(out[0], 1);
    assert.equal(out.slice(31), [0, 0, 0]);
    out.slice(1, 31).forEach((w, t) => {
      assert.ok(w === words[t + 1] || w === 3, `position ${t + 1}: ${w}`);
      fed++;
      if (w === 3) dropped++;
    });
  }
  // 6,000 Bernoulli(0.25) draws: the rate is within 4 standard errors (0.0056 each) of 0.25.
  assert.ok(Math.abs(dropped / fed - 0.25) < 0.0224, `rate ${dropped / fed}`);
  assert.equal(dropWords(words, 0, new TrainRng(0)), words);
  assert.is(resolveTrainCaptionerConfig().wordDropout, 0);
  assert.throws(() => resolveTrainCaptionerConfig({ wordDropout: 1.5 }), /trainCaptioner expects wordDropout to be .*≤ 1.*but received 1\.5/);
  assert.equal([resolveTrainCaptionerConfig().selectBy, resolveTrainCaptionerConfig().keepBest], ['bleu4', false]);
  assert.throws(() => resolveTrainCaptionerConfig({ selectBy: 'cider' as 'bleu4' }), /trainCaptioner expects selectBy to be one of bleu4, truthful-held-out, but received "cider"/);
  assert.throws(() => resolveTrainCaptionerConfig({ keepBest: true }), /trainCaptioner expects runDir to be a run folder when keepBest is set, but received null/);
});

const scenes = generateShapeCaptions({ count: 8, seed: 0, minShapes: 1, maxShapes: 1 });
const data = { images: scenes.images, count: 8, height: 64, width: 64, channels: 3 as const, captions: scenes.captions, scenes: scenes.scenes };
const vocabulary = Vocabulary.fromCaptions(scenes.captions.flat());
const small = { vocabularySize: vocabulary.size, maxLength: 14, filters: [8, 16, 16], embedding: 32, units: 64 };

const TrainCaptioner = suite('trainCaptioner');

TrainCaptioner('NIC learns the captions\' language within seconds: word accuracy from chance to > 0.6, BLEU-4 of greedy captions > 0.3; no leaks', async () => {
  const model = nic({ ...small, seed: 0 });
  const tensors = tf.memory().numTensors;
  const events: CaptionerEvent[] = await lastValueFrom(trainCaptioner(model, vocabulary, { train: data }, { epochs: 12, batchSize: 8, learningRate: 1e-2 }).pipe(toArray()));
  assert.is(tf.memory().numTensors, tensors);
  const epochs = events.filter((e) => e.type === 'epoch');
  const [first, last] = [epochs[0], epochs[epochs.length - 1]];
  assert.ok(first.type === 'epoch' && last.type === 'epoch' && last.loss < first.loss / 2 && last.accuracy > 0.6, `${JSON.stringify(first)} → ${JSON.stringify(last)}`);
  const e = evaluateCaptioner(model, vocabulary, data);
  assert.ok(e.bleu4 > 0.3, `BLEU-4 ${e.bleu4}: ${e.generated.slice(0, 2)}`);
  assert.ok(e.truthful !== null && e.truthful >= 0);
  model.dispose();
});

TrainCaptioner('with word dropout the run is deterministic for a seed and differs from the run without it', async () => {
  const losses = async (wordDropout: number) => {
    const model = nic({ ...small, seed: 0 });
    const events: CaptionerEvent[] = await lastValueFrom(trainCaptioner(model, vocabulary, { train: data }, { epochs: 1, batchSize: 4, learningRate: 1e-2, wordDropout }).pipe(toArray()));
    model.dispose();
    return events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
  };
  const [a, b, none] = [await losses(0.5), await losses(0.5), await losses(0)];
  assert.equal(a, b);
  assert.is(a.length, none.length);
  assert.ok(a[0] !== none[0], 'the first step already reads dropped words');
});

const BeamSearch = suite('beamSearch');

BeamSearch('width 1 equals greedy decoding; wider beams find captions at least as likely', () => {
  const model = nic({ ...small, seed: 3 });
  for (let i = 0; i < 3; i++) {
    const image = tf.tidy(() => tf.div(tf.tensor4d(data.images.subarray(i * 64 * 64 * 3, (i + 1) * 64 * 64 * 3), [1, 64, 64, 3], 'float32'), 255) as tf.Tensor4D);
    assert.equal(beamSearch(model, image, 1), greedyDecode(model, image)[0]);
    assert.throws(() => beamSearch(model, image, 0), /beamSearch expects width to be a positive integer, but received 0/);
    image.dispose();
  }
  model.dispose();
});

BeamSearch('beamCandidates: the n-best list, best first, each scored with its own words and end word under teacher forcing', () => {
  const model = nic({ ...small, seed: 4 });
  const maxLength = model.inputs[1].shape[1] as number;
  const image = tf.tidy(() => tf.div(tf.tensor4d(data.images.subarray(0, 64 * 64 * 3), [1, 64, 64, 3], 'float32'), 255) as tf.Tensor4D);
  const before = tf.memory().numTensors;
  const list = beamCandidates(model, image, 4);
  assert.is(tf.memory().numTensors, before, 'no tensors left behind');
  assert.is(list.length, 4);
  assert.equal(list[0].words, beamSearch(model, image, 4));
  for (let i = 1; i < list.length; i++) assert.ok(list[i].logProb <= list[i - 1].logProb, `sorted: ${list.map((c) => c.logProb)}`);
  assert.is(new Set(list.map((c) => c.words.join(' '))).size, list.length, 'no caption twice');
  for (const candidate of list) {
    // Teacher forcing: row t of the logits predicts word t + 1 of [start, ...words, end].
    const fed = [start, ...candidate.words];
    // A caption that filled all maxLength inputs was cut there, with no end word.
    const targets = fed.length < maxLength ? [...candidate.words, end] : candidate.words;
    const logProb = tf.tidy(() => {
      const words = tf.tensor2d([[...fed, ...new Array(maxLength - fed.length).fill(pad)]], [1, maxLength]);
      const rows = tf.logSoftmax(wordLogits(model.predict([image, words]) as tf.Tensor3D)).arraySync() as number[][][];
      return targets.reduce((sum, w, t) => sum + rows[0][t][w], 0);
    });
    assert.ok(Math.abs(logProb - candidate.logProb) < 1e-3, `${candidate.words}: ${candidate.logProb} vs teacher-forced ${logProb}`);
  }
  image.dispose();
  model.dispose();
});

BeamSearch('a language prior: words scored by log p(w | image) − λ log p(w | blank image); λ 0 changes nothing; mismatched priors refused', () => {
  const model = nic({ ...small, seed: 5 });
  const prior = nic({ ...small, seed: 6 });
  const maxLength = model.inputs[1].shape[1] as number;
  const images = tf.tidy(() => tf.div(tf.tensor4d(data.images.subarray(0, 3 * 64 * 64 * 3), [3, 64, 64, 3], 'float32'), 255) as tf.Tensor4D);
  assert.equal(greedyDecode(model, images, { prior, priorWeight: 0 }), greedyDecode(model, images));
  const before = tf.memory().numTensors;
  const decoded = greedyDecode(model, images, { prior, priorWeight: 0.7 });
  assert.is(tf.memory().numTensors, before, 'no tensors left behind');
  // The first word: the argmax of the two distributions' weighted difference, the prior read on blank images.
  const expected = tf.tidy(() => {
    const words = tf.tensor2d(Array.from({ length: 3 }, () => [start, ...new Array(maxLength - 1).fill(pad)]), [3, maxLength]);
    const own = tf.logSoftmax(wordLogits(model.predict([images, words]) as tf.Tensor3D));
    const blank = tf.logSoftmax(wordLogits(prior.predict([tf.zeros(images.shape), words]) as tf.Tensor3D));
    const scores = (tf.sub(own, tf.mul(blank, 0.7)).arraySync() as number[][][]).map((rows) => rows[0]);
    return scores.map((row) => {
      let best = -1;
      row.forEach((v, w) => {
        if (w !== pad && w !== start && (best < 0 || v > row[best])) best = w;
      });
      return best;
    });
  });
  decoded.forEach((words, i) => assert.is(words.length === 0 ? end : words[0], expected[i], `image ${i}`));
  // The prior matters here: without it some first word differs.
  const plainFirst = greedyDecode(model, images).map((words) => (words.length === 0 ? end : words[0]));
  assert.ok(plainFirst.some((w, i) => w !== expected[i]), `first words ${plainFirst} with and without the prior`);
  assert.equal(beamSearch(model, images.slice(0, 1) as tf.Tensor4D, 1, { prior, priorWeight: 0.7 }), decoded[0]);
  // Plausibility 1 leaves only the captioner's own likeliest word: greedy decoding, whatever the prior.
  assert.equal(greedyDecode(model, images, { prior, priorWeight: 1, plausibility: 1 }), greedyDecode(model, images));
  // Plausibility 0.2: the first word is the best-scored of those with at least 0.2 × the likeliest word's probability.
  const constrained = greedyDecode(model, images, { prior, priorWeight: 1, plausibility: 0.2 });
  const expectedConstrained = tf.tidy(() => {
    const words = tf.tensor2d(Array.from({ length: 3 }, () => [start, ...new Array(maxLength - 1).fill(pad)]), [3, maxLength]);
    const own = (tf.logSoftmax(wordLogits(model.predict([images, words]) as tf.Tensor3D)).arraySync() as number[][][]).map((rows) => rows[0]);
    const blank = (tf.logSoftmax(wordLogits(prior.predict([tf.zeros(images.shape), words]) as tf.Tensor3D)).arraySync() as number[][][]).map((rows) => rows[0]);
    return own.map((row, i) => {
      const emittable = row.map((v, w) => (w === pad || w === start ? -Infinity : v));
      const floor = Math.max(...emittable) + Math.log(0.2);
      let best = -1;
      emittable.forEach((v, w) => {
        if (v >= floor && (best < 0 || v - blank[i][w] > emittable[best] - blank[i][best])) best = w;
      });
      return best;
    });
  });
  constrained.forEach((words, i) => assert.is(words.length === 0 ? end : words[0], expectedConstrained[i], `constrained, image ${i}`));
  assert.throws(() => resolveDecodeOptions(model, { prior, priorWeight: 1.5 }), /decode expects priorWeight to be .*, but received 1\.5/);
  assert.throws(() => resolveDecodeOptions(model, { plausibility: -0.1 }), /decode expects plausibility to be .*, but received -0\.1/);
  const other = nic({ ...small, vocabularySize: small.vocabularySize + 1 });
  assert.throws(() => resolveDecodeOptions(model, { prior: other }), /decode expects prior to be a captioner of the same image shape, maxLength and vocabulary size as the decoded one/);
  tf.dispose(images);
  [model, prior, other].forEach((m) => m.dispose());
});

TeacherForcing.run();
CaptionLoss.run();
TrainCaptioner.run();
BeamSearch.run();
