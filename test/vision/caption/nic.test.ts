import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { nic, resolveNicConfig, wordLogits } from '../../../packages/vision/src/caption/nic';

await selectBackend('wasm', { quiet: true, threads: 1 });

const Nic = suite('nic');

Nic('the image is the LSTM\'s first input: maxLength + 1 rows of logits, and a word changes only the rows after it', () => {
  const model = nic({ vocabularySize: 9, maxLength: 5, inputShape: [16, 16, 3], filters: [4], embedding: 8, units: 8, seed: 1 });
  assert.equal(model.outputs[0].shape, [null, 6, 9]);
  const image = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 1);
  const a = model.predict([image, tf.tensor2d([[1, 4, 5, 0, 0]])]) as tf.Tensor3D;
  const b = model.predict([image, tf.tensor2d([[1, 4, 6, 0, 0]])]) as tf.Tensor3D;
  const [ra, rb] = [a.arraySync()[0], b.arraySync()[0]];
  // Rows 0–2 (the image, start, word 4) do not see the third word; row 3 does.
  for (let t = 0; t < 3; t++) ra[t].forEach((v, k) => assert.ok(Math.abs(v - rb[t][k]) < 1e-6, `row ${t}`));
  assert.ok(ra[3].some((v, k) => Math.abs(v - rb[3][k]) > 1e-6));
  const image2 = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 2);
  const c = model.predict([image2, tf.tensor2d([[1, 4, 5, 0, 0]])]) as tf.Tensor3D;
  assert.ok(c.arraySync()[0][0].some((v, k) => Math.abs(v - ra[0][k]) > 1e-6), 'the first row depends on the image');
  assert.equal(wordLogits(a).shape, [1, 5, 9]);
  tf.dispose([image, image2, a, b, c]);
  model.dispose();
});

Nic("imagePooling: 'flatten' (default) feeds every cell of the CNN's last map to the image embedding, 'average' only its mean", () => {
  const base = { vocabularySize: 9, maxLength: 5, inputShape: [16, 16, 3] as [number, number, number], filters: [4], embedding: 8, units: 8, seed: 1 };
  const flat = nic(base);
  const mean = nic({ ...base, imagePooling: 'average' });
  // One VGG stage of 4 filters pools 16×16 to 8×8×4.
  assert.equal(flat.getLayer('image_embedding').getWeights()[0].shape, [8 * 8 * 4, 8]);
  assert.equal(mean.getLayer('image_embedding').getWeights()[0].shape, [4, 8]);
  // The same picture moved by whole pooled cells (a circular shift): the mean of the map barely
  // changes (only the borders differ), the flattened map does.
  const blob = tf.tidy(() => tf.pad(tf.ones([1, 4, 4, 3]), [[0, 0], [2, 10], [2, 10], [0, 0]]));
  const moved = tf.tidy(() => tf.pad(tf.ones([1, 4, 4, 3]), [[0, 0], [10, 2], [10, 2], [0, 0]]));
  const words = tf.tensor2d([[1, 4, 5, 0, 0]]);
  const firstRow = (m: tf.LayersModel, image: tf.Tensor) => tf.tidy(() => (m.predict([image, words]) as tf.Tensor3D).arraySync()[0][0]);
  const change = (m: tf.LayersModel) => Math.max(...firstRow(m, blob).map((v, k) => Math.abs(v - firstRow(m, moved)[k])));
  assert.ok(change(mean) < 1e-5, `average pooling moved ${change(mean)}`);
  assert.ok(change(flat) > 1e-3, `flattening moved ${change(flat)}`);
  assert.throws(() => resolveNicConfig({ vocabularySize: 9, imagePooling: 'max' as 'flatten' }), /nic expects imagePooling to be one of "flatten", "average", but received "max"/);
  tf.dispose([blob, moved, words]);
  flat.dispose();
  mean.dispose();
});

Nic("imageNormalization: 'batch' batch-normalises the image embedding in training, 'none' (default) leaves the linear map", () => {
  const base = { vocabularySize: 9, maxLength: 5, inputShape: [16, 16, 3] as [number, number, number], filters: [4], embedding: 8, units: 8, seed: 1 };
  const normed = nic({ ...base, imageNormalization: 'batch' });
  const plain = nic(base);
  assert.ok(normed.layers.some((l) => l.name === 'image_embedding_norm'));
  assert.not.ok(plain.layers.some((l) => l.name === 'image_embedding_norm'));
  // In training mode each embedding unit has mean 0 and variance 1 over the batch, however large the linear map's outputs.
  const images = tf.mul(tf.randomUniform([6, 16, 16, 3], 0, 1, 'float32', 3), 1000);
  const sub = tf.model({ inputs: normed.inputs[0], outputs: normed.getLayer('image_embedding_norm').output as tf.SymbolicTensor });
  const embedding = sub.apply(images, { training: true }) as tf.Tensor2D;
  const { mean, variance } = tf.moments(embedding, 0);
  (mean.arraySync() as number[]).forEach((m) => assert.ok(Math.abs(m) < 1e-3, `mean ${m}`));
  (variance.arraySync() as number[]).forEach((v) => assert.ok(Math.abs(v - 1) < 0.01, `variance ${v}`));
  assert.throws(() => resolveNicConfig({ vocabularySize: 9, imageNormalization: 'layer' as 'batch' }), /nic expects imageNormalization to be one of "batch", "none", but received "layer"/);
  tf.dispose([images, embedding, mean, variance]);
  normed.dispose();
  plain.dispose();
});

Nic("imageInput: 'every-step' lets the image change every row, still causal in the words", () => {
  const model = nic({ vocabularySize: 9, maxLength: 5, inputShape: [16, 16, 3], filters: [4], embedding: 8, units: 8, seed: 1, imageInput: 'every-step' });
  assert.equal(model.getLayer('lstm').getWeights()[0].shape, [16, 32]);
  const words = tf.tensor2d([[1, 4, 5, 0, 0]]);
  const a = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 1);
  const b = tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 2);
  const rows = (image: tf.Tensor, w: tf.Tensor2D) => tf.tidy(() => (model.predict([image, w]) as tf.Tensor3D).arraySync()[0]);
  const [ra, rb] = [rows(a, words), rows(b, words)];
  assert.equal(ra.length, 6);
  const otherWords = tf.tensor2d([[1, 4, 6, 0, 0]]);
  const other = rows(a, otherWords);
  for (let t = 0; t < 3; t++) ra[t].forEach((v, k) => assert.ok(Math.abs(v - other[t][k]) < 1e-6, `row ${t}`));
  assert.ok(ra[5].some((v, k) => Math.abs(v - rb[5][k]) > 1e-6), 'the last row depends on the image');
  tf.dispose([words, otherWords, a, b]);
  model.dispose();
});

Nic("imageStreams: 'silhouette-colour': the VGG stages see where something is drawn, the same for every colour and brightness above a tenth", () => {
  const model = nic({ vocabularySize: 9, maxLength: 5, inputShape: [16, 16, 3], filters: [4, 4], embedding: 8, units: 8, seed: 1, imageStreams: 'silhouette-colour' });
  const shapeMap = tf.model({ inputs: model.inputs[0], outputs: model.getLayer('cnn2_pool').output as tf.SymbolicTensor });
  const silhouetteOf = tf.model({ inputs: model.inputs[0], outputs: model.getLayer('silhouette').output as tf.SymbolicTensor });
  assert.equal(model.getLayer('cnn_streams').outputShape, [null, 4, 4, 8]);
  // A square of one colour on black, drawn in two colours of other brightness: the same silhouette, the same shape map.
  const square = (rgb: number[]) => tf.tidy(() => tf.mul(tf.pad(tf.ones([1, 6, 6, 1]), [[0, 0], [3, 7], [5, 5], [0, 0]]), tf.tensor4d(rgb, [1, 1, 1, 3])));
  const [green, yellow, faint] = [square([40 / 255, 180 / 255, 60 / 255]), square([230 / 255, 210 / 255, 40 / 255]), square([0.05, 0.05, 0.05])];
  const read = (m: tf.LayersModel, x: tf.Tensor) => tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync()));
  const mask = read(silhouetteOf, green);
  assert.equal(mask.filter((v) => v === 1).length, 36);
  assert.equal(mask.filter((v) => v === 0).length, 16 * 16 - 36);
  assert.equal(read(silhouetteOf, yellow), mask);
  assert.equal(read(shapeMap, yellow), read(shapeMap, green));
  // Below a tenth of full scale a pixel is drawn only in part (0.05 → 0.5).
  assert.ok(read(silhouetteOf, faint).some((v) => Math.abs(v - 0.5) < 1e-5));
  assert.ok(!model.trainableWeights.some((w) => w.originalName.startsWith('silhouette')), 'the silhouette is not trained');
  assert.throws(() => resolveNicConfig({ vocabularySize: 9, inputShape: [20, 20, 3], filters: [4, 4, 4], imageStreams: 'silhouette-colour' }), /nic expects inputShape to be sides divisible by 2\^3 \(one halving per VGG stage\) for imageStreams 'silhouette-colour'/);
  tf.dispose([green, yellow, faint]);
  model.dispose();
});

Nic("imageStreams: 'shape-colour': the VGG stages see no colour, the colour stream no shape, the grey level is fixed", () => {
  const model = nic({ vocabularySize: 9, maxLength: 5, inputShape: [16, 24, 3], filters: [4, 4], embedding: 8, units: 8, seed: 1, imageStreams: 'shape-colour' });
  const shapeMap = tf.model({ inputs: model.inputs[0], outputs: model.getLayer('cnn2_pool').output as tf.SymbolicTensor });
  const colourMap = tf.model({ inputs: model.inputs[0], outputs: model.getLayer('colour_pool').output as tf.SymbolicTensor });
  assert.equal(model.getLayer('cnn_streams').outputShape, [null, 4, 6, 8]);
  const image = tf.randomUniform([1, 16, 24, 3], 0, 1, 'float32', 3);
  const read = (m: tf.LayersModel, x: tf.Tensor) => tf.tidy(() => Array.from((m.predict(x) as tf.Tensor).dataSync()));
  const close = (a: number[], b: number[]) => a.every((v, k) => Math.abs(v - b[k]) < 1e-5);
  // Swapping the channels keeps every pixel's grey level: the VGG stages' map stays, the colour stream's changes.
  const swapped = tf.reverse(image, -1);
  assert.ok(close(read(shapeMap, image), read(shapeMap, swapped)), 'shape map unchanged by a channel swap');
  assert.ok(!close(read(colourMap, image), read(colourMap, swapped)), 'colour map changed by a channel swap');
  // Mirroring every 4×4 cell (a 16×24 image, so a cell is not a fixed fraction of both sides) keeps each cell's set of colours: the colour stream's map stays, the VGG stages' changes.
  const cellsMirrored = tf.tidy(() => tf.concat(tf.split(image, 6, 2).map((cell) => tf.reverse(cell, 2)), 2));
  assert.ok(close(read(colourMap, image), read(colourMap, cellsMirrored)), 'colour map unchanged within cells');
  assert.ok(!close(read(shapeMap, image), read(shapeMap, cellsMirrored)), 'shape map changed by the mirror');
  assert.ok(!model.trainableWeights.some((w) => w.originalName.startsWith('grey_level')), 'the grey level is not trained');
  assert.throws(() => resolveNicConfig({ vocabularySize: 9, inputShape: [20, 20, 3], filters: [4, 4, 4], imageStreams: 'shape-colour' }), /nic expects inputShape to be sides divisible by 2\^3/);
  assert.throws(() => resolveNicConfig({ vocabularySize: 9, imageStreams: 'split' as 'joint' }), /imageStreams to be one of "joint", "shape-colour", "silhouette-colour", but received "split"/);
  tf.dispose([image, swapped, cellsMirrored]);
  model.dispose();
});

Nic("attention: 'regions' reads each word from a softmax-weighted average of the CNN's cells, added to the logits; still causal in the words", async () => {
  const model = nic({ vocabularySize: 9, maxLength: 5, inputShape: [16, 16, 3], filters: [4, 4], embedding: 8, units: 8, seed: 1, imageInput: 'every-step', attention: 'regions' });
  assert.equal(model.outputs[0].shape, [null, 6, 9]);
  assert.equal(model.getLayer('attention_weights').outputShape, [null, 6, 16]);
  const image = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 4);
  const words = tf.tensor2d([[1, 4, 5, 0, 0], [1, 6, 7, 8, 0]]);
  const parts = tf.model({ inputs: model.inputs, outputs: ['regions', 'lstm', 'attention_weights', 'attention_context', 'word_logits'].map((n) => model.getLayer(n).output as tf.SymbolicTensor) });
  const [regions, hidden, weights, context, logits] = parts.predict([image, words]) as tf.Tensor[];
  // α_t sums to one over the 16 cells, and ẑ_t = Σ_i α_{t,i} a_i.
  const sums = tf.sum(weights, -1).dataSync();
  sums.forEach((v) => assert.ok(Math.abs(v - 1) < 1e-5, `α sums to ${v}`));
  const byHand = tf.matMul(weights as tf.Tensor3D, regions as tf.Tensor3D);
  const gap = tf.max(tf.abs(tf.sub(byHand, context))).dataSync()[0];
  assert.ok(gap < 1e-5, `context differs from Σ α a by ${gap}`);
  // e_{t,i} = h_t · W_a a_i.
  const [keysKernel] = model.getLayer('attention_keys').getWeights();
  const scores = tf.matMul(hidden as tf.Tensor3D, tf.matMul(regions as tf.Tensor3D, tf.tile(tf.expandDims(keysKernel, 0), [2, 1, 1]) as tf.Tensor3D), false, true);
  const weightsGap = tf.max(tf.abs(tf.sub(tf.softmax(scores), weights))).dataSync()[0];
  assert.ok(weightsGap < 1e-5, `α differs from softmax(h · W_a a) by ${weightsGap}`);
  // logits_t = W_h h_t + W_z ẑ_t + b: one dense map of [h_t; ẑ_t].
  const [kernel, bias] = model.getLayer('word_logits').getWeights();
  const joined = tf.concat([hidden, context], 2).reshape([-1, 8 + 4]);
  const logitsGap = tf.max(tf.abs(tf.sub(tf.add(tf.matMul(joined, kernel), bias).reshape(logits.shape), logits))).dataSync()[0];
  assert.ok(logitsGap < 1e-5, `logits differ from W [h; ẑ] + b by ${logitsGap}`);
  // A later word changes no earlier row.
  const other = model.predict([image, tf.tensor2d([[1, 4, 6, 0, 0], [1, 6, 7, 8, 0]])]) as tf.Tensor3D;
  const [ra, rb] = [(logits as tf.Tensor3D).arraySync()[0], other.arraySync()[0]];
  for (let t = 0; t < 3; t++) ra[t].forEach((v, k) => assert.ok(Math.abs(v - rb[t][k]) < 1e-5, `row ${t}`));
  assert.ok(ra[3].some((v, k) => Math.abs(v - rb[3][k]) > 1e-6));
  // It serialises as built-in layers: rebuilt from its JSON with the same weights, it computes the same logits.
  const copy = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] });
  copy.setWeights(model.getWeights());
  const again = copy.predict([image, words]) as tf.Tensor;
  const copyGap = tf.max(tf.abs(tf.sub(again, logits))).dataSync()[0];
  assert.ok(copyGap < 1e-6, `the rebuilt model differs by ${copyGap}`);
  assert.throws(() => resolveNicConfig({ vocabularySize: 9, attention: 'spatial' as 'none' }), /attention to be one of "none", "regions", but received "spatial"/);
  tf.dispose([image, words, regions, hidden, weights, context, logits, byHand, scores, joined, other, again]);
  copy.dispose();
  model.dispose();
});

Nic('refuses a vocabulary without words and bad shapes, naming the field', () => {
  assert.throws(() => resolveNicConfig({ vocabularySize: 4 }), /nic expects vocabularySize to be an integer ≥ 5, but received 4/);
  assert.throws(() => resolveNicConfig({ vocabularySize: 9, filters: [] }), /filters to be a non-empty list of positive integers/);
});

Nic.run();
