import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveVggStackConfig, vggStack } from '../../../packages/core/src/blocks/vgg-stack';
import { ConfigError } from '../../../packages/core/src/errors';
import { catchError, modelOf, assertRoundTripExact } from './round-trip';

await tf.setBackend('cpu');

const resolveSuite = suite('resolveVggStackConfig');
resolveSuite('refuses zero convs and non-boolean pool', () => {
  assert.match(catchError(() => resolveVggStackConfig({ convs: 0 })).message, /vggStack expects convs to be a positive integer, but received 0/);
  assert.match(catchError(() => resolveVggStackConfig({ pool: 1 as unknown as boolean })).message, /pool to be a boolean/);
});
resolveSuite.run();

const vggSuite = suite('vggStack');
vggSuite('`convs` 3×3 convolutions then a 2×2 pool halve the size', () => {
  const model = modelOf([8, 8, 3], (x) => vggStack(x, { filters: 6, convs: 3, name: 'stage1' }));
  assert.equal(model.outputs[0].shape, [null, 4, 4, 6]);
  const kernels = model.weights.filter((w) => w.originalName.endsWith('kernel'));
  assert.equal(kernels.map((w) => w.shape), [[3, 3, 3, 6], [3, 3, 6, 6], [3, 3, 6, 6]]);
  assert.ok(model.layers.some((l) => l.name === 'stage1_pool'));
});
vggSuite('pool: false keeps the size', () => {
  assert.equal(modelOf([8, 8, 3], (x) => vggStack(x, { filters: 2, convs: 1, pool: false })).outputs[0].shape, [null, 8, 8, 2]);
});
vggSuite('refuses an input smaller than its 3×3 kernel', () => {
  const e = catchError(() => modelOf([2, 2, 3], (x) => vggStack(x)));
  assert.instance(e, ConfigError);
  assert.match(e.message, /at least 3 pixels in height.*received 2/);
});
vggSuite('save → load reproduces the outputs exactly', async () => {
  await assertRoundTripExact(modelOf([8, 8, 2], (x) => vggStack(x, { filters: 4, convs: 2, batchNorm: true })), 3, [2, 8, 8, 2], 5);
});
vggSuite.run();
