import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadAveragedCaptionRun, loadCaptionMembers, loadCaptionPrior, loadCaptionRun, nearestNeighbourCaptions, readCaptionData, runCaptionTrain } from '../../../experiments/src/commands/vision-caption';
import { runVisionData } from '../../../experiments/src/commands/vision-data';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { evaluateCaptioner } from '../../../packages/vision/src/caption/evaluate-captioner';

await selectBackend('wasm', { quiet: true, threads: 1 });

const dir = mkdtempSync(join(tmpdir(), 'vision-caption-cmd-'));
const data = join(dir, 'shapes');
runVisionData({ kind: 'shape-captions', n: 4, testN: 2, seed: 0, out: data });

const RunCaptionTrain = suite('runCaptionTrain');

RunCaptionTrain('writes a run folder (vocabulary in config.json) whose checkpoint evaluates to the same figures', async () => {
  const run = join(dir, 'run');
  const result = await runCaptionTrain({ data, out: run, epochs: 1, seed: 0, batchSize: 4, learningRate: 1e-3, limit: null, blind: false, resume: false, progressEvery: 100 });
  for (const file of ['config.json', 'metrics.jsonl', 'plots/training.svg', 'checkpoints/step-00000003/state.json']) assert.ok(existsSync(join(run, file)), file);
  assert.match(readFileSync(join(run, 'metrics.jsonl'), 'utf8'), /"type":"captioning-eval"/);
  const { model, vocabulary } = await loadCaptionRun(run);
  const again = evaluateCaptioner(model, vocabulary, readCaptionData(data, 'test'));
  model.dispose();
  assert.ok(result.test !== null && !result.interrupted);
  assert.is(again.bleu4, result.test.bleu4);
  assert.is(again.truthful, result.test.truthful);
  assert.ok(again.facts !== null, 'shape scenes get a per-attribute breakdown');
  assert.equal(again.facts, result.test.facts);
  assert.equal(again.factsHeldOut, result.test.factsHeldOut);
  let refused: unknown = null;
  try {
    await runCaptionTrain({ data, out: run, epochs: 1, seed: 0, batchSize: 4, learningRate: 1e-3, limit: null, blind: false, resume: false, progressEvery: 100 });
  } catch (error) {
    refused = error;
  }
  assert.match(String(refused), /expects --out to be a new run folder/);
});

RunCaptionTrain('filters: one VGG stage per entry, recorded in config.json', async () => {
  const run = join(dir, 'run-filters');
  await runCaptionTrain({ data, out: run, epochs: 1, seed: 0, batchSize: 4, learningRate: 1e-3, limit: null, blind: false, resume: false, progressEvery: 100, filters: [4, 4, 4, 4, 4] });
  const { model, config } = await loadCaptionRun(run);
  assert.equal(config.model.filters, [4, 4, 4, 4, 4]);
  // Five stages pool 64×64 to 2×2: one cell per quadrant of the shape scenes.
  assert.equal(model.getLayer('image_embedding').getWeights()[0].shape, [2 * 2 * 4, config.model.embedding]);
  model.dispose();
});

RunCaptionTrain("imageStreams 'shape-colour': recorded in config.json, both streams' cells in the embedding, reloaded from the checkpoint", async () => {
  const run = join(dir, 'run-streams');
  const result = await runCaptionTrain({ data, out: run, epochs: 1, seed: 0, batchSize: 4, learningRate: 1e-3, limit: null, blind: false, resume: false, progressEvery: 100, filters: [4, 4, 4, 4, 4], imageStreams: 'shape-colour' });
  const { model, vocabulary, config } = await loadCaptionRun(run);
  assert.is(config.model.imageStreams, 'shape-colour');
  // 2×2 cells of 4 shape and 4 colour channels.
  assert.equal(model.getLayer('image_embedding').getWeights()[0].shape, [2 * 2 * 8, config.model.embedding]);
  assert.equal(model.getLayer('grey_level').getWeights()[0].dataSync(), new Float32Array([1 / 3, 1 / 3, 1 / 3]));
  const again = evaluateCaptioner(model, vocabulary, readCaptionData(data, 'test'));
  assert.ok(result.test !== null);
  assert.is(again.bleu4, result.test.bleu4);
  model.dispose();
});

RunCaptionTrain("attention 'regions': recorded in config.json and reloaded from the checkpoint with its attention layers", async () => {
  const run = join(dir, 'run-attention');
  const result = await runCaptionTrain({ data, out: run, epochs: 1, seed: 0, batchSize: 4, learningRate: 1e-3, limit: null, blind: false, resume: false, progressEvery: 100, filters: [4, 4, 4, 4, 4], imageInput: 'every-step', attention: 'regions' });
  const { model, vocabulary, config } = await loadCaptionRun(run);
  assert.is(config.model.attention, 'regions');
  // 2×2 cells of the last map, attended from every row.
  assert.equal(model.getLayer('attention_weights').outputShape, [null, config.model.maxLength + 1, 4]);
  const again = evaluateCaptioner(model, vocabulary, readCaptionData(data, 'test'));
  assert.ok(result.test !== null);
  assert.is(again.bleu4, result.test.bleu4);
  model.dispose();
});

RunCaptionTrain('--step loads that checkpoint; --prior takes only a blind run over the same vocabulary', async () => {
  const run = join(dir, 'run');
  const blindRun = join(dir, 'run-blind');
  await runCaptionTrain({ data, out: blindRun, epochs: 1, seed: 0, batchSize: 4, learningRate: 1e-3, limit: null, blind: true, resume: false, progressEvery: 100 });
  const { model, config } = await loadCaptionRun(run, 3);
  const refusal = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (error) {
      return String(error);
    }
    return 'accepted';
  };
  assert.match(await refusal(() => loadCaptionRun(run, 7)), /expects --step to be a step with a checkpoint in .*checkpoints, but received 7/);
  assert.match(await refusal(() => loadCaptionPrior(run, config.words)), /expects --prior to be a caption run trained with --blind .*, but received .*run \(trained on images\)/);
  assert.match(await refusal(() => loadCaptionPrior(blindRun, [...config.words, 'extra'])), new RegExp(`expects --prior to be a run with the captioner's vocabulary \\(${config.words.length + 1} words\\), but received .*run-blind \\(${config.words.length} words\\)`));
  const prior = await loadCaptionPrior(blindRun, config.words);
  // λ 0 leaves the captions as they were; any λ runs and scores every test image.
  const test = readCaptionData(data, 'test');
  const { model: latest, vocabulary } = await loadCaptionRun(run);
  const plain = evaluateCaptioner(latest, vocabulary, test);
  assert.equal(evaluateCaptioner(latest, vocabulary, test, 50, { prior, priorWeight: 0 }).generated, plain.generated);
  assert.is(evaluateCaptioner(latest, vocabulary, test, 50, { prior, priorWeight: 1 }).generated.length, test.count);
  model.dispose();
  latest.dispose();
  prior.dispose();
});

RunCaptionTrain('--val-data scores another folder after every epoch; --keep-best keeps the best epoch, which eval --best and the result use', async () => {
  const run = join(dir, 'run-best');
  const val = join(dir, 'shapes-val');
  runVisionData({ kind: 'shape-captions', n: 1, testN: 3, seed: 5, out: val });
  const result = await runCaptionTrain({ data, out: run, epochs: 4, seed: 0, batchSize: 4, learningRate: 3e-3, limit: null, blind: false, resume: false, progressEvery: 100, valData: val, keepBest: true, selectBy: 'bleu4' });
  const evals = readFileSync(join(run, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line)).filter((e) => e.type === 'captioning-eval');
  assert.is(evals.length, 4);
  // The per-epoch scores are the validation folder's: epoch 4's equals scoring the last checkpoint on it.
  const { model: last, vocabulary } = await loadCaptionRun(run);
  assert.is(evaluateCaptioner(last, vocabulary, readCaptionData(val, 'test')).bleu4, evals[3]['charts/bleu4']);
  last.dispose();
  // best/ holds one checkpoint: the first epoch with the highest score.
  const top = Math.max(...evals.map((e) => e['charts/bleu4']));
  const bestStep = evals.find((e) => e['charts/bleu4'] === top).step;
  const kept = readdirSync(join(run, 'best', 'checkpoints')).filter((n) => n.startsWith('step-'));
  assert.equal(kept, [`step-${String(bestStep).padStart(8, '0')}`]);
  const { model: best } = await loadCaptionRun(run, undefined, true);
  const again = evaluateCaptioner(best, vocabulary, readCaptionData(data, 'test'));
  best.dispose();
  assert.ok(result.test !== null && result.best !== null);
  assert.is(again.bleu4, result.test.bleu4, 'the reported test scores are the best checkpoint\'s');
  const refusal = async (f: () => Promise<unknown>) => f().then(() => 'accepted', (error: unknown) => String(error));
  assert.match(await refusal(() => loadCaptionRun(join(dir, 'run'), undefined, true)), /expects --best to be a run trained with --keep-best/);
  assert.match(await refusal(() => loadCaptionRun(run, 3, true)), /expects --best to be absent when --step names the checkpoint/);
});

RunCaptionTrain("--average-last k: the mean of the last k checkpoints' weights, batch norms recomputed over the training images", async () => {
  // run-best (the test above) holds one checkpoint per epoch: 4.
  const run = join(dir, 'run-best');
  const { model, steps, config } = await loadAveragedCaptionRun(run, 2);
  assert.equal(steps, readdirSync(join(run, 'checkpoints')).filter((n) => n.startsWith('step-')).sort().slice(-2).map((n) => Number(n.slice('step-'.length))));
  const ends = await Promise.all(steps.map((step) => loadCaptionRun(run, step)));
  const mean = (name: string) => ends.map((e) => e.model.getLayer(name).getWeights()[0].dataSync()).reduce((a, b) => a.map((v, i) => (v + b[i]) / 2));
  const words = model.getLayer('word_embedding').getWeights()[0].dataSync();
  mean('word_embedding').forEach((v, i) => assert.ok(Math.abs(words[i] - v) < 1e-6, `word_embedding[${i}]`));
  // The CNN's first batch norm: its moving mean is the training images' batch mean (4 images, batch 4: one pass), not the checkpoints' average.
  const conv = tf.model({ inputs: model.inputs[0], outputs: model.getLayer('cnn1_conv1_conv').output as tf.SymbolicTensor });
  const train = readCaptionData(data, 'train');
  assert.is(config.train.batchSize, 4);
  const batchMean = tf.tidy(() => tf.moments(conv.predict(tf.div(tf.tensor4d(train.images, [4, 64, 64, 3], 'float32'), 255)) as tf.Tensor, [0, 1, 2]).mean.arraySync() as number[]);
  const movingMean = model.getLayer('cnn1_conv1_bn').getWeights()[2].dataSync();
  batchMean.forEach((v, i) => assert.ok(Math.abs(movingMean[i] - v) < 1e-4, `moving mean ${i}: ${movingMean[i]} against ${v}`));
  model.dispose();
  for (const e of ends) e.model.dispose();
  const refusal = async (f: () => Promise<unknown>) => f().then(() => 'accepted', (error: unknown) => String(error));
  assert.match(await refusal(() => loadAveragedCaptionRun(run, 5)), /expects --average-last to be a whole number from 1 to the 4 checkpoints in .*checkpoints, but received 5/);
});

RunCaptionTrain('--ensemble: every run loaded at the chosen checkpoint; a run over another vocabulary is refused by name', async () => {
  const members = await loadCaptionMembers([join(dir, 'run'), join(dir, 'run-filters')], { step: 3 });
  assert.is(members.length, 2);
  assert.equal(members.map((m) => m.config.model.filters.length), [3, 5]);
  for (const m of members) m.model.dispose();
  // A run trained on the one-scene validation folder has fewer words.
  const other = join(dir, 'run-other-words');
  await runCaptionTrain({ data: join(dir, 'shapes-val'), out: other, epochs: 1, seed: 0, batchSize: 2, learningRate: 1e-3, limit: null, blind: false, resume: false, progressEvery: 100 });
  const refusal = async (f: () => Promise<unknown>) => f().then(() => 'accepted', (error: unknown) => String(error));
  assert.match(await refusal(() => loadCaptionMembers([join(dir, 'run'), other])), /expects --ensemble to be runs over the vocabulary of .*run \(\d+ words\), but received .*run-other-words \(\d+ words/);
});

const NearestNeighbourCaptions = suite('nearestNeighbourCaptions');

NearestNeighbourCaptions('copies the first caption of the training image closest in pixels', () => {
  const train = readCaptionData(data, 'train');
  assert.equal(nearestNeighbourCaptions(train, train), train.captions.map((c) => c[0]));
  const blind = readCaptionData(data, 'train', 2, true);
  assert.ok(blind.images.every((v) => v === 0));
});

RunCaptionTrain.run();
NearestNeighbourCaptions.run();
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
