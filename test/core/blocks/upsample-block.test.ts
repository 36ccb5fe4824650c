import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveUpsampleBlockConfig, upsampleBlock } from '../../../packages/core/src/blocks/upsample-block';
import { ConfigError, ShapeError } from '../../../packages/core/src/errors';
import { catchError, modelOf, assertRoundTripExact, randomizeWeights } from './round-trip';

await tf.setBackend('cpu');

const resolveSuite = suite('resolveUpsampleBlockConfig');
resolveSuite('refuses a stride larger than the kernel and zero filters', () => {
  const e = catchError(() => resolveUpsampleBlockConfig({ kernelSize: 2, strides: 3 }));
  assert.instance(e, ConfigError);
  assert.match(e.message, /upsampleBlock expects strides to be at most kernelSize 2, but received 3/);
  assert.match(catchError(() => resolveUpsampleBlockConfig({ filters: 0 })).message, /filters/);
});
resolveSuite.run();

const blockSuite = suite('upsampleBlock');
blockSuite('doubles height and width: [4, 4, 8] → [8, 8, 16], conv2dTranspose → BN → ReLU', () => {
  const model = modelOf([4, 4, 8], (x) => upsampleBlock(x, { filters: 16, name: 'u' }));
  assert.equal(model.outputs[0].shape, [null, 8, 8, 16]);
  assert.equal(model.layers.slice(1).map((l) => l.getClassName()), ['Conv2DTranspose', 'BatchNormalization', 'Activation']);
  assert.equal(model.weights[0].shape, [5, 5, 16, 8]);
});
blockSuite('the output block (tanh, no BN) stays in [-1, 1]', () => {
  const model = modelOf([4, 4, 8], (x) => upsampleBlock(x, { filters: 3, activation: 'tanh', batchNorm: false }));
  randomizeWeights(model, 1);
  const x = tf.randomNormal([2, 4, 4, 8], 0, 3, 'float32', 2);
  const y = model.predict(x) as tf.Tensor;
  assert.ok(tf.max(tf.abs(y)).dataSync()[0] <= 1);
  assert.ok(model.weights.some((w) => w.originalName.endsWith('bias')));
  tf.dispose([x, y]);
});
blockSuite('refuses a non-image input', () => {
  assert.instance(catchError(() => modelOf([16], (x) => upsampleBlock(x))), ShapeError);
});
blockSuite('save → load reproduces the outputs exactly', async () => {
  await assertRoundTripExact(modelOf([3, 3, 4], (x) => upsampleBlock(x, { filters: 2, kernelSize: 4 })), 6, [2, 3, 3, 4], 7);
});
blockSuite.run();
