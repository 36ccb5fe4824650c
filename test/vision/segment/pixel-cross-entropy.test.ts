import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { pixelCrossEntropy } from '../../../packages/vision/src/segment/pixel-cross-entropy';

await selectBackend('wasm', { quiet: true, threads: 1 });

const PixelCrossEntropy = suite('pixelCrossEntropy');

const logits = [[[[2, 0, -1], [0, 0, 0]], [[1, 3, 0], [-2, 1, 4]]]];
const mask = [[[0, 2], [1, 2]]];

function expected(): number {
  let sum = 0;
  logits[0].flat().forEach((row, p) => {
    const z = Math.log(row.reduce((a, v) => a + Math.exp(v), 0));
    sum += z - row[mask[0].flat()[p]];
  });
  return sum / 4;
}

PixelCrossEntropy('the mean over pixels of −log softmax at the true class (hand-computed)', () => {
  const tensors = tf.memory().numTensors;
  const m = tf.tensor3d(mask, [1, 2, 2], 'int32');
  const l = tf.tensor4d(logits);
  const loss = pixelCrossEntropy(m, l);
  assert.ok(Math.abs(loss.dataSync()[0] - expected()) < 1e-5, `${loss.dataSync()[0]} vs ${expected()}`);
  tf.dispose([m, l, loss]);
  assert.is(tf.memory().numTensors, tensors);
});

PixelCrossEntropy('its gradient is (softmax − onehot) / pixels, against finite differences', () => {
  const m = tf.tensor3d(mask, [1, 2, 2], 'int32');
  const l = tf.tensor4d(logits);
  const grad = tf.grad((x: tf.Tensor) => pixelCrossEntropy(m, x))(l);
  const g = grad.dataSync();
  const flat = logits.flat(3);
  const eps = 1e-2;
  for (let i = 0; i < flat.length; i++) {
    const at = (delta: number) => {
      const shifted = flat.slice();
      shifted[i] += delta;
      const t = tf.tensor4d(shifted, [1, 2, 2, 3]);
      const loss = pixelCrossEntropy(m, t);
      const v = loss.dataSync()[0];
      tf.dispose([t, loss]);
      return v;
    };
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    assert.ok(Math.abs(numeric - g[i]) < 2e-3, `logit ${i}: ${g[i]} vs ${numeric}`);
  }
  tf.dispose([m, l, grad]);
});

PixelCrossEntropy.run();
