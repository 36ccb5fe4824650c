import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { multiboxLoss, smoothL1 } from '../../../packages/vision/src/detect/multibox-loss';

await selectBackend('wasm', { quiet: true, threads: 1 });

const SmoothL1 = suite('smoothL1');

SmoothL1('0.5x² inside ±1, |x| − 0.5 outside, with the gradient x or sign(x)', () => {
  const x = tf.tensor1d([-3, -1, -0.5, 0, 0.5, 2]);
  assert.equal(Array.from(smoothL1(x).dataSync()), [2.5, 0.5, 0.125, 0, 0.125, 1.5]);
  assert.equal(Array.from(tf.grad((v: tf.Tensor) => tf.sum(smoothL1(v)))(x).dataSync()), [-1, -1, -0.5, 0, 0.5, 1]);
  x.dispose();
});

const MultiboxLoss = suite('multiboxLoss');

MultiboxLoss('(conf of positives and the 3:1 hardest negatives + smooth L1 of positives) / positives, hand-computed', () => {
  // One image, 6 anchors, classes background + 1. Anchor 0 is positive; anchors 1…5 negatives whose
  // background logit margin makes their confidence losses ordered 5 > 4 > 3 > 2 > 1.
  const logits = [[0, 2], [0, -1], [0, 0], [0, 1], [0, 2], [0, 3]];
  const offsets = [[0.5, 0, 0, 2], ...Array(5).fill([9, 9, 9, 9])];
  const outputs = tf.tensor3d([logits.map((l, i) => [...l, ...offsets[i]])]);
  const labels = tf.tensor2d([[1, 0, 0, 0, 0, 0]], [1, 6], 'int32');
  const targets = tf.tensor3d([Array(6).fill([0, 0, 0, 0])]);
  const tensors = tf.memory().numTensors;
  const lossTensor = multiboxLoss(outputs, labels, targets);
  const loss = lossTensor.dataSync()[0];
  lossTensor.dispose();
  assert.is(tf.memory().numTensors, tensors, 'no tensor left but the loss');
  const ce = (l: number[], k: number) => Math.log(Math.exp(l[0]) + Math.exp(l[1])) - l[k];
  // Positive: class 1; hard negatives: anchors 5, 4, 3 (3 per positive); loc: smoothL1(0.5) + smoothL1(2) = 0.125 + 1.5.
  const expected = ce(logits[0], 1) + ce(logits[5], 0) + ce(logits[4], 0) + ce(logits[3], 0) + 0.125 + 1.5;
  assert.ok(Math.abs(loss - expected) < 1e-5, `${loss} vs ${expected}`);
  // No positive: the loss is 0 (and still a function of the outputs).
  const zeros = tf.zeros([1, 6], 'int32') as tf.Tensor2D;
  const none = multiboxLoss(outputs, zeros, targets);
  assert.is(none.dataSync()[0], 0);
  tf.dispose([outputs, labels, targets, none, zeros]);
});

MultiboxLoss('its gradient matches finite differences', () => {
  const outputs = tf.randomNormal([2, 5, 7], 0, 1, 'float32', 3) as tf.Tensor3D;
  const labels = tf.tensor2d([[0, 2, 0, 0, 1], [1, 0, 0, 0, 0]], [2, 5], 'int32');
  const targets = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 4) as tf.Tensor3D;
  const g = tf.grad((o: tf.Tensor) => multiboxLoss(o as tf.Tensor3D, labels, targets))(outputs).dataSync();
  const base = Array.from(outputs.dataSync());
  const eps = 1e-2;
  for (const i of [0, 3, 8, 12, 20, 33, 40, 55, 69]) {
    const at = (d: number) => {
      const v = base.slice();
      v[i] += d;
      const o = tf.tensor3d(v, [2, 5, 7]);
      const l = multiboxLoss(o, labels, targets);
      const r = l.dataSync()[0];
      tf.dispose([o, l]);
      return r;
    };
    const numeric = (at(eps) - at(-eps)) / (2 * eps);
    assert.ok(Math.abs(numeric - g[i]) < 5e-3, `output ${i}: ${g[i]} vs ${numeric}`);
  }
  tf.dispose([outputs, labels, targets]);
});

SmoothL1.run();
MultiboxLoss.run();
