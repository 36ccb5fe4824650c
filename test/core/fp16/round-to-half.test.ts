import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { roundHalf } from '../../../packages/core/src/fp16/half-float';
import { evaluateInHalfPrecision, roundToHalf } from '../../../packages/core/src/fp16/round-to-half';

await tf.setBackend('cpu');

/** y = [1/3, 0.1] · x + 2049: each weight is off the float16 grid by a known amount. */
function makeModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  model.setWeights([tf.tensor2d([[1 / 3], [0.1]]), tf.tensor1d([2049])]);
  return model;
}

const roundToHalfSuite = suite('roundToHalf');
roundToHalfSuite('rounds every weight in place to its nearest float16', () => {
  const model = makeModel();
  roundToHalf(model);
  const [kernel, bias] = model.getWeights();
  assert.equal(Array.from(kernel.dataSync()), [0.333251953125, 0.0999755859375]);
  assert.equal(Array.from(bias.dataSync()), [2048]);
  model.dispose();
});
roundToHalfSuite('leaks no tensor', () => {
  const model = makeModel();
  const before = tf.memory().numTensors;
  roundToHalf(model);
  assert.is(tf.memory().numTensors, before);
  model.dispose();
});
roundToHalfSuite.run();

const evaluateSuite = suite('evaluateInHalfPrecision');
evaluateSuite('predicts with rounded weights and input, then restores the float32 weights', () => {
  const model = makeModel();
  const x = tf.tensor2d([[1, 3]]);
  const before = tf.memory().numTensors;
  const y = evaluateInHalfPrecision(model, x);
  const expected = Math.fround(Math.fround(0.333251953125 * 1 + 0.0999755859375 * 3) + 2048);
  assert.ok(Math.abs(y.dataSync()[0] - expected) < 1e-4, `${y.dataSync()[0]} vs ${expected}`);
  const full = model.predict(x) as tf.Tensor;
  assert.ok(Math.abs(full.dataSync()[0] - (1 / 3 + 0.3 + 2049)) < 1e-4, 'float32 weights restored');
  assert.is(tf.memory().numTensors, before + 2);
  tf.dispose([x, y, full]);
  model.dispose();
});
evaluateSuite('rounds the input too', () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'ones' })] });
  const x = tf.tensor2d([[2049]]);
  const y = evaluateInHalfPrecision(model, x);
  assert.is(y.dataSync()[0], roundHalf(2049));
  tf.dispose([x, y]);
  model.dispose();
});
evaluateSuite.run();
