import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { resizeImage } from '../../../packages/classify/src/datasets/resize-image';

const Resize = suite('resizeImage');

Resize('matches tf.image.resizeBilinear with half-pixel centres, up and down, two channels', async () => {
  await tf.setBackend('cpu');
  const pixels = Float32Array.from({ length: 5 * 7 * 2 }, (_, i) => Math.sin(i));
  for (const [h, w] of [[3, 4], [9, 11], [5, 7]]) {
    const ours = resizeImage(pixels, 5, 7, 2, h, w);
    const theirs = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(pixels, [5, 7, 2]), [h, w], false, true).dataSync());
    assert.is(ours.length, h * w * 2);
    for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(ours[i] - theirs[i]) < 1e-5, `${h}×${w} at ${i}: ${ours[i]} vs ${theirs[i]}`);
  }
  assert.throws(() => resizeImage(pixels, 5, 7, 2, 0, 3), /toHeight/);
});

Resize.run();
