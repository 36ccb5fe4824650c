import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import type { Box } from '../../../packages/vision/src/datasets/box';
import { roiAlign, roiAlignSampling } from '../../../packages/vision/src/detect/roi-align';

await selectBackend('wasm', { quiet: true, threads: 1 });

/** A deterministic pseudo-random array in [−1, 1). */
const noise = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(12.9898 * (i + 1) + 78.233 * seed) * 43758.5453 % 1);

const RoiAlign = suite('roiAlign');

RoiAlign('on a linear map each bin is the map at the bin centre (bilinear sampling is exact there)', () => {
  // F(p, q, c) = 3q − 2p + 5c + 1 on a 6×8 map of stride 4; box in input pixels, well inside the map.
  const [h, w, stride] = [6, 8, 4];
  const f = Float32Array.from({ length: h * w * 2 }, (_, k) => 3 * Math.floor(k / 2 % w) - 2 * Math.floor(k / 2 / w) + 5 * (k % 2) + 1);
  const box: Box = [6, 5, 14, 9];
  const y = tf.tidy(() => roiAlign(tf.tensor4d(f, [1, h, w, 2]), [box], [0], { poolSize: 3, samplingRatio: 2, stride }));
  const got = y.dataSync();
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      // Bin centre in cell units: pixel / stride − 0.5.
      const q = (box[0] + (j + 0.5) * box[2] / 3) / stride - 0.5;
      const p = (box[1] + (i + 0.5) * box[3] / 3) / stride - 0.5;
      for (let c = 0; c < 2; c++) assert.ok(Math.abs(got[(i * 3 + j) * 2 + c] - (3 * q - 2 * p + 5 * c + 1)) < 1e-4, `bin ${i},${j},${c}: ${got[(i * 3 + j) * 2 + c]}`);
    }
  }
  y.dispose();
});

RoiAlign('with one sample per bin it equals tf.image.cropAndResize at the same sample points', () => {
  const [n, h, w, ch, stride, pool] = [2, 7, 9, 3, 8, 4];
  const features = tf.tensor4d(noise(n * h * w * ch, 1), [n, h, w, ch]);
  const rois: Box[] = [[10, 6, 40, 30], [3, 20, 25, 17], [30, 8, 33, 41]];
  const imageOf = [0, 1, 1];
  const ours = roiAlign(features, rois, imageOf, { poolSize: pool, samplingRatio: 1, stride });
  // cropAndResize samples y = y1(H − 1) + i (y2 − y1)(H − 1)/(P − 1): choose y1, y2 to hit the bin centres.
  const normalised = rois.map(([x, y, bw, bh]) => {
    const [binW, binH] = [bw / stride / pool, bh / stride / pool];
    const [first, firstX] = [y / stride - 0.5 + binH / 2, x / stride - 0.5 + binW / 2];
    return [first / (h - 1), firstX / (w - 1), (first + binH * (pool - 1)) / (h - 1), (firstX + binW * (pool - 1)) / (w - 1)];
  });
  const theirs = tf.image.cropAndResize(features, tf.tensor2d(normalised), tf.tensor1d(imageOf, 'int32'), [pool, pool], 'bilinear');
  const [a, b] = [ours.dataSync(), theirs.dataSync()];
  assert.is(a.length, rois.length * pool * pool * ch);
  for (let k = 0; k < a.length; k++) assert.ok(Math.abs(a[k] - b[k]) < 1e-5, `element ${k}: ${a[k]} vs ${b[k]}`);
  tf.dispose([features, ours, theirs]);
});

RoiAlign('its gradient with respect to the features matches central finite differences, and it leaks no tensor', () => {
  const [n, h, w, ch, stride] = [2, 5, 6, 2, 8];
  const f0 = noise(n * h * w * ch, 2);
  // Boxes partly outside the map (clamped samples), tiny (all samples in one cell) and large.
  const rois: Box[] = [[4, 3, 30, 25], [-6, 20, 20, 30], [17, 9, 3, 2], [0, 0, 48, 40]];
  const imageOf = [0, 1, 0, 1];
  const r = noise(rois.length * 3 * 3 * ch, 3);
  // A nonlinear loss, L = Σ (y ⊙ R)², so that the check is not of a linear map alone.
  const loss = (f: tf.Tensor4D) => tf.sum(tf.square(tf.mul(roiAlign(f, rois, imageOf, { poolSize: 3, samplingRatio: 2, stride }), tf.tensor4d(r, [rois.length, 3, 3, ch])))) as tf.Scalar;
  const before = tf.memory().numTensors;
  const gradient = tf.tidy(() => tf.grad((f: tf.Tensor) => loss(f as tf.Tensor4D))(tf.tensor4d(f0, [n, h, w, ch])));
  const analytic = gradient.dataSync();
  gradient.dispose();
  assert.is(tf.memory().numTensors, before);
  const eps = 1e-2;
  const at = (f: Float32Array) => tf.tidy(() => loss(tf.tensor4d(f, [n, h, w, ch])).dataSync()[0]);
  let nonzero = 0;
  for (let k = 0; k < f0.length; k++) {
    const plus = f0.slice();
    const minus = f0.slice();
    plus[k] += eps;
    minus[k] -= eps;
    const numeric = (at(plus) - at(minus)) / (2 * eps);
    assert.ok(Math.abs(analytic[k] - numeric) < 2e-3 * Math.max(1, Math.abs(numeric)), `d/dF[${k}]: analytic ${analytic[k]}, numeric ${numeric}`);
    if (Math.abs(numeric) > 1e-3) nonzero++;
  }
  assert.ok(nonzero > f0.length / 3, `only ${nonzero} of ${f0.length} gradient entries are non-zero`);
});

RoiAlign('refuses a batch index outside the batch', () => {
  const f = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
  assert.throws(() => roiAlign(f, [[0, 0, 8, 8]], [1]), /roiAlign expects batch indices in \[0, 1\)/);
  f.dispose();
});

const RoiAlignSampling = suite('roiAlignSampling');

RoiAlignSampling('each bin\'s weights sum to 1 (a mean of convex combinations), merged per cell', () => {
  const s = roiAlignSampling([[3, 5, 20, 11], [0, 0, 2, 2]], [0, 0], 4, 4, { poolSize: 2, samplingRatio: 3, stride: 8 });
  const sums = new Float64Array(s.outputRows);
  s.bins.forEach((b, m) => (sums[b] += s.weights[m]));
  for (const v of sums) assert.ok(Math.abs(v - 1) < 1e-6, String(v));
  const pairs = new Set(Array.from(s.bins, (b, m) => `${b}:${s.cells[m]}`));
  assert.is(pairs.size, s.bins.length);
});

RoiAlign.run();
RoiAlignSampling.run();
