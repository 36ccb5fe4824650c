import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { registerCropAndResizeGradient } from '../../../packages/vision/src/detect/crop-and-resize-gradient';

await selectBackend('wasm', { quiet: true, threads: 1 });

const noise = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(12.9898 * (i + 1) + 78.233 * seed) * 43758.5453 % 1);

const [n, h, w, ch] = [2, 6, 7, 2];
// Boxes (y1, x1, y2, x2): inside, flipped (y2 < y1), partly outside (some samples extrapolated), and on image 1.
const boxes0 = Float32Array.from([0.13, 0.21, 0.71, 0.86, 0.82, 0.64, 0.31, 0.12, -0.2, 0.33, 0.57, 1.3, 0.05, 0.07, 0.93, 0.52]);
const boxInd = [0, 0, 1, 1];
const crop: [number, number] = [3, 4];
const r = noise(boxInd.length * crop[0] * crop[1] * ch, 7);

/** A nonlinear loss of the crops: Σ (crop ⊙ R)². */
const lossOf = (image: tf.Tensor, boxes: tf.Tensor, method: 'bilinear' | 'nearest' = 'bilinear') => tf.sum(tf.square(tf.mul(
  tf.image.cropAndResize(image as tf.Tensor4D, boxes as tf.Tensor2D, tf.tensor1d(boxInd, 'int32'), crop, method, 0.5), tf.tensor4d(r, [boxInd.length, ...crop, ch]),
))) as tf.Scalar;

function centralDifference(f: (v: Float32Array) => number, v0: Float32Array, k: number, eps: number): number {
  const plus = v0.slice();
  const minus = v0.slice();
  plus[k] += eps;
  minus[k] -= eps;
  return (f(plus) - f(minus)) / (2 * eps);
}

const CropAndResizeGradient = suite('registerCropAndResizeGradient');

CropAndResizeGradient('without it tfjs cannot differentiate cropAndResize; with it, registered twice, it can, leaking no tensor', () => {
  const image = tf.tensor4d(noise(n * h * w * ch, 1), [n, h, w, ch]);
  const boxes = tf.tensor2d(boxes0, [4, 4]);
  assert.throws(() => tf.grad((x: tf.Tensor) => lossOf(x, boxes))(image));
  registerCropAndResizeGradient();
  registerCropAndResizeGradient();
  const before = tf.memory().numTensors;
  // Only the image's gradient asked for: the boxes' one, computed alongside, must not leak.
  const g = tf.grad((x: tf.Tensor) => lossOf(x, boxes))(image);
  assert.equal(g.shape, [n, h, w, ch]);
  g.dispose();
  assert.is(tf.memory().numTensors, before);
  tf.dispose([image, boxes]);
});

CropAndResizeGradient('bilinear: the gradients in the image and in the boxes match central finite differences, leaking no tensor', () => {
  registerCropAndResizeGradient();
  const image0 = noise(n * h * w * ch, 1);
  const before = tf.memory().numTensors;
  const [gImage, gBoxes] = tf.tidy(() => tf.grads((x: tf.Tensor, b: tf.Tensor) => lossOf(x, b))([tf.tensor4d(image0, [n, h, w, ch]), tf.tensor2d(boxes0, [4, 4])]));
  const [dImage, dBoxes] = [gImage.dataSync(), gBoxes.dataSync()];
  tf.dispose([gImage, gBoxes]);
  assert.is(tf.memory().numTensors, before);
  const atImage = (v: Float32Array) => tf.tidy(() => lossOf(tf.tensor4d(v, [n, h, w, ch]), tf.tensor2d(boxes0, [4, 4])).dataSync()[0]);
  const atBoxes = (v: Float32Array) => tf.tidy(() => lossOf(tf.tensor4d(image0, [n, h, w, ch]), tf.tensor2d(v, [4, 4])).dataSync()[0]);
  let nonzero = 0;
  for (let k = 0; k < image0.length; k++) {
    const numeric = centralDifference(atImage, image0, k, 1e-2);
    assert.ok(Math.abs(dImage[k] - numeric) < 2e-3 * Math.max(1, Math.abs(numeric)), `d/dimage[${k}]: ${dImage[k]} vs ${numeric}`);
    if (Math.abs(numeric) > 1e-3) nonzero++;
  }
  assert.ok(nonzero > image0.length / 3, `${nonzero} non-zero`);
  // A small step in the box corners, so that no sample crosses a pixel row or column.
  for (let k = 0; k < boxes0.length; k++) {
    const numeric = centralDifference(atBoxes, boxes0, k, 1e-3);
    assert.ok(Math.abs(dBoxes[k] - numeric) < 2e-2 * Math.max(1, Math.abs(numeric)), `d/dboxes[${k}]: ${dBoxes[k]} vs ${numeric}`);
  }
  assert.ok(Array.from(dBoxes).filter((v) => Math.abs(v) > 1e-2).length >= 12, `box gradient ${Array.from(dBoxes)}`);
});

CropAndResizeGradient('nearest: the image gradient matches finite differences; the boxes get none', () => {
  registerCropAndResizeGradient();
  const image0 = noise(n * h * w * ch, 2);
  const [gImage, gBoxes] = tf.grads((x: tf.Tensor, b: tf.Tensor) => lossOf(x, b, 'nearest'))([tf.tensor4d(image0, [n, h, w, ch]), tf.tensor2d(boxes0, [4, 4])]);
  const atImage = (v: Float32Array) => tf.tidy(() => lossOf(tf.tensor4d(v, [n, h, w, ch]), tf.tensor2d(boxes0, [4, 4]), 'nearest').dataSync()[0]);
  const dImage = gImage.dataSync();
  for (let k = 0; k < image0.length; k++) {
    const numeric = centralDifference(atImage, image0, k, 1e-2);
    assert.ok(Math.abs(dImage[k] - numeric) < 2e-3 * Math.max(1, Math.abs(numeric)), `d/dimage[${k}]: ${dImage[k]} vs ${numeric}`);
  }
  assert.equal(Array.from(gBoxes.dataSync()), Array(16).fill(0));
  tf.dispose([gImage, gBoxes]);
});

CropAndResizeGradient.run();
