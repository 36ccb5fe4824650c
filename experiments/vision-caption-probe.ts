/**
 * Does NIC's image embedding know the shapes it fails to name? A linear probe (Alain & Bengio
 * 2016) per quadrant, on a caption run's frozen features, trained on its training scenes and
 * scored on its test scenes: for each quadrant a softmax over {empty, circle, square, triangle}
 * and another over {empty, red, green, blue, yellow}, read from one layer (cnn_pool, the CNN's
 * flattened map; or the image embedding the LSTM reads). The test objects are split into those
 * of a seen shape–colour combination and those of a held-out one.
 *
 * Written to tell apart the two explanations of docs/results/vision.md's held-out failure (the
 * decoder keeps the colour and writes a shape seen with it): if the probe names held-out shapes
 * as well as seen ones, the image carries them and the decoder's language prior drops them; if
 * it does not, the CNN never learnt, say, a red triangle's shape.
 *
 *   DEEPER_WASM_THREADS=1 node --import tsx experiments/vision-caption-probe.ts RUN [--layer cnn_pool|image_embedding] [--steps 400]
 *
 * Prints one JSON line: per attribute, the probe's accuracy on training objects, on seen and on
 * held-out test objects (and on empty test quadrants).
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { selectBackend } from '@deeper/core';
import { colours, isHeldOut, positions, shapeCaptionsDefaults, shapes, type ShapeScene } from '@deeper/vision';
import { loadCaptionRun, readCaptionData } from './src/commands/vision-caption';
import type { CaptionData } from '@deeper/vision';

const { values: args, positionals } = parseArgs({ allowPositionals: true, options: { layer: { type: 'string', default: 'cnn_pool' }, steps: { type: 'string', default: '400' } } });
if (positionals.length !== 1) throw new Error(`vision-caption-probe: expected one caption run folder, received ${JSON.stringify(positionals)}`);
const run = positionals[0];
const steps = Number(args.steps);
await selectBackend('wasm', { quiet: true });
const { model, config } = await loadCaptionRun(run);
const train = readCaptionData(config.data, 'train');
const test = readCaptionData(config.data, 'test');
const layer = model.getLayer(args.layer!);
const features = tf.model({ inputs: model.inputs[0], outputs: layer.output as tf.SymbolicTensor });

function embed(data: CaptionData): tf.Tensor2D {
  return tf.tidy(() => {
    const rows: tf.Tensor2D[] = [];
    const size = data.height * data.width * data.channels;
    for (let i = 0; i < data.count; i += 100) {
      const n = Math.min(100, data.count - i);
      const x = tf.div(tf.tensor4d(data.images.subarray(i * size, (i + n) * size), [n, data.height, data.width, data.channels], 'float32'), 255);
      rows.push(features.predict(x) as tf.Tensor2D);
    }
    return tf.concat(rows);
  });
}

/** Label of each (scene, quadrant): 0 empty, else 1 + index of the attribute's value. */
function labels(scenes: (ShapeScene | null)[], attribute: 'shape' | 'colour'): Int32Array {
  const values: readonly string[] = attribute === 'shape' ? shapes : colours;
  const out = new Int32Array(scenes.length * positions.length);
  scenes.forEach((s, i) => s?.facts.forEach((f) => { out[i * positions.length + positions.indexOf(f.position)] = 1 + values.indexOf(f[attribute]); }));
  return out;
}

const xTrain = embed(train);
const xTest = embed(test);
const mean = tf.mean(xTrain, 0);
const std = tf.add(tf.sqrt(tf.moments(xTrain, 0).variance), 1e-6);
const normalize = (x: tf.Tensor2D) => tf.div(tf.sub(x, mean), std) as tf.Tensor2D;
const zTrain = normalize(xTrain);
const zTest = normalize(xTest);
const d = zTrain.shape[1];
// The generator's default held-out pairs (the caption folders record only which scenes hold one).
const heldOut = shapeCaptionsDefaults.heldOut;
const report: Record<string, unknown> = { run, layer: args.layer, features: d, steps, train_scenes: train.count, test_scenes: test.count };

for (const attribute of ['shape', 'colour'] as const) {
  const k = 1 + (attribute === 'shape' ? shapes.length : colours.length);
  const yTrain = labels(train.scenes, attribute);
  const yTest = labels(test.scenes, attribute);
  // One softmax regression per quadrant: W [d, quadrants · k], b [quadrants, k], Adam with a little L2.
  const w = tf.variable(tf.zeros([d, positions.length * k]));
  const b = tf.variable(tf.zeros([positions.length, k]));
  const optimizer = tf.train.adam(0.01);
  const logitsOf = (z: tf.Tensor2D) => tf.add(tf.reshape(tf.matMul(z, w), [z.shape[0], positions.length, k]), b) as tf.Tensor3D;
  const target = tf.oneHot(tf.tensor1d(yTrain, 'int32'), k).reshape([train.count, positions.length, k]);
  for (let s = 0; s < steps; s++) {
    optimizer.minimize(() => tf.add(tf.losses.softmaxCrossEntropy(target, logitsOf(zTrain)), tf.mul(1e-4, tf.sum(tf.square(w)))) as tf.Scalar);
  }
  const predict = (z: tf.Tensor2D) => tf.tidy(() => tf.argMax(logitsOf(z), -1).dataSync() as Int32Array);
  const pTrain = predict(zTrain);
  const pTest = predict(zTest);
  const tally = { train: [0, 0], seen: [0, 0], held_out: [0, 0], empty: [0, 0] };
  yTrain.forEach((y, j) => { if (y > 0) { tally.train[1]++; if (pTrain[j] === y) tally.train[0]++; } });
  test.scenes.forEach((s, i) => positions.forEach((p, q) => {
    const j = i * positions.length + q;
    const fact = s?.facts.find((f) => f.position === p);
    const group = fact === undefined ? tally.empty : isHeldOut(fact, heldOut) ? tally.held_out : tally.seen;
    group[1]++;
    if (pTest[j] === yTest[j]) group[0]++;
  }));
  report[attribute] = Object.fromEntries(Object.entries(tally).map(([g, [right, n]]) => [g, { accuracy: n > 0 ? Number((right / n).toFixed(4)) : null, n }]));
  tf.dispose([w, b, target]);
  optimizer.dispose();
}
console.log(JSON.stringify(report));
