import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluate } from '../../../packages/core/src/train/evaluate';

await tf.setBackend('cpu');

/** A 2 → 2 model with fixed weights: outputs are x·W + b, by hand. */
function fixedModel(activation: 'softmax' | 'linear'): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation })] });
  model.setWeights([tf.tensor2d([[1, 0], [0, 1]]), tf.tensor1d([0, 0])]);
  return model;
}

const Evaluate = suite('evaluate');

Evaluate('hand-computed cross-entropy and accuracy, independent of the batch size', () => {
  // Logits equal the inputs: [2, 0] → p = [e²/(e²+1), 1/(e²+1)]; [0, 1] → p = [1/(1+e), e/(1+e)].
  const x = new Float32Array([2, 0, 0, 1, 3, 0]);
  const y = new Uint8Array([0, 1, 1]);
  const e = Math.E;
  const losses = [-Math.log(e ** 2 / (e ** 2 + 1)), -Math.log(e / (1 + e)), -Math.log(1 / (e ** 3 + 1))];
  const expected = losses.reduce((a, b) => a + b) / 3;
  for (const [activation, fromLogits] of [['softmax', false], ['linear', true]] as const) {
    const model = fixedModel(activation);
    const tensors = tf.memory().numTensors;
    for (const batchSize of [1, 2, 500]) {
      const r = evaluate(model, { x, y, sampleShape: [2] }, { batchSize, fromLogits });
      assert.ok(Math.abs(r.loss - expected) < 1e-5, `${activation} batch ${batchSize}: ${r.loss} vs ${expected}`);
      assert.ok(Math.abs(r.accuracy - 2 / 3) < 1e-9);
      assert.is(r.count, 3);
    }
    assert.is(tf.memory().numTensors, tensors);
    model.dispose();
  }
});

Evaluate('refuses mismatched data with the shapes named', () => {
  const model = fixedModel('softmax');
  assert.throws(() => evaluate(model, { x: new Float32Array(5), y: [0], sampleShape: [2] }), /whole samples of shape \[2\]/);
  assert.throws(() => evaluate(model, { x: new Float32Array(4), y: [0], sampleShape: [2] }), /one label per sample \(2\)/);
  assert.throws(() => evaluate(model, { x: new Float32Array(3), y: [0], sampleShape: [3] }), /model's input shape \[2\]/);
  assert.throws(() => evaluate(model, { x: new Float32Array(2), y: [0] }, { batchSize: 0 }), /batchSize/);
  model.dispose();
});

Evaluate.run();
