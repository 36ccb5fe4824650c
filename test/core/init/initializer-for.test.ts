import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { initializerFor } from '../../../packages/core/src/init/initializer-for';

await tf.setBackend('cpu');

const initializerForSuite = suite('initializerFor');
initializerForSuite('He normal (gain √2, fan-in) for ReLU', () => {
  const init = initializerFor('relu', 1);
  assert.equal(init.config, { mode: 'fanIn', distribution: 'normal', gain: Math.SQRT2, seed: 1 });
  assert.is(init.stddev([50, 10]), Math.sqrt(2 / 50));
});
initializerForSuite('Glorot uniform for tanh, linear and softmax', () => {
  for (const activation of ['tanh', 'linear', 'softmax']) {
    const init = initializerFor(activation);
    assert.is(init.config.mode, 'fanAvg');
    assert.is(init.config.distribution, 'uniform');
    assert.ok(Math.abs(init.stddev([50, 10]) - Math.sqrt(2 / 60)) < 1e-12);
  }
});
initializerForSuite.run();
