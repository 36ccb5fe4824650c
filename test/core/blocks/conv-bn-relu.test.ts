import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { convBnRelu, resolveConvBnReluConfig } from '../../../packages/core/src/blocks/conv-bn-relu';
import { ConfigError, ShapeError, UnknownFieldError } from '../../../packages/core/src/errors';
import { catchError, modelOf, assertRoundTripExact, randomizeWeights } from './round-trip';

await tf.setBackend('cpu');

const resolveSuite = suite('resolveConvBnReluConfig');
resolveSuite('refuses non-positive filters, naming field and value', () => {
  const e = catchError(() => resolveConvBnReluConfig({ filters: 0 }));
  assert.instance(e, ConfigError);
  assert.match(e.message, /convBnRelu expects filters to be a positive integer, but received 0/);
});
resolveSuite('refuses a stride larger than a k > 1 kernel, allows it for 1×1', () => {
  assert.match(catchError(() => resolveConvBnReluConfig({ kernelSize: 2, strides: 3 })).message, /strides.*at most kernelSize 2.*received 3/);
  assert.is(resolveConvBnReluConfig({ kernelSize: 1, strides: 2 }).strides, 2);
});
resolveSuite('refuses unknown fields and bad padding', () => {
  assert.instance(catchError(() => resolveConvBnReluConfig({ filter: 3 } as never)), UnknownFieldError);
  assert.match(catchError(() => resolveConvBnReluConfig({ padding: 'full' as 'same' })).message, /padding/);
});
resolveSuite.run();

const blockSuite = suite('convBnRelu');
blockSuite('shapes: same padding keeps size, stride 2 halves it, valid drops the border', () => {
  assert.equal(modelOf([8, 8, 3], (x) => convBnRelu(x, { filters: 16 })).outputs[0].shape, [null, 8, 8, 16]);
  assert.equal(modelOf([8, 8, 3], (x) => convBnRelu(x, { filters: 4, strides: 2 })).outputs[0].shape, [null, 4, 4, 4]);
  assert.equal(modelOf([8, 8, 3], (x) => convBnRelu(x, { filters: 4, padding: 'valid' })).outputs[0].shape, [null, 6, 6, 4]);
});
blockSuite('no conv bias with batch norm (BN\'s β replaces it); bias and no BN without', () => {
  const withBn = modelOf([8, 8, 3], (x) => convBnRelu(x, { filters: 4, name: 'a' }));
  assert.equal(withBn.weights.map((w) => w.originalName), ['a_conv/kernel', 'a_bn/gamma', 'a_bn/beta', 'a_bn/moving_mean', 'a_bn/moving_variance']);
  const noBn = modelOf([8, 8, 3], (x) => convBnRelu(x, { filters: 4, batchNorm: false, name: 'b' }));
  assert.equal(noBn.weights.map((w) => w.originalName), ['b_conv/kernel', 'b_conv/bias']);
});
blockSuite('without BN it computes relu(conv2d(x, k) + b), as tf.conv2d does', () => {
  const model = modelOf([5, 5, 2], (x) => convBnRelu(x, { filters: 3, batchNorm: false, seed: 1 }));
  randomizeWeights(model, 7);
  const x = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 3);
  const [k, b] = model.getWeights();
  const expected = tf.relu(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same').add(b));
  const y = model.predict(x) as tf.Tensor;
  assert.ok(tf.max(tf.abs(y.sub(expected))).dataSync()[0] < 1e-5);
  tf.dispose([x, expected, y]);
});
blockSuite('refuses a kernel larger than its input and a non-image input', () => {
  const e = catchError(() => modelOf([4, 4, 3], (x) => convBnRelu(x, { kernelSize: 5 })));
  assert.instance(e, ConfigError);
  assert.match(e.message, /kernelSize to be at most the input height 4, but received 5/);
  assert.instance(catchError(() => modelOf([10], (x) => convBnRelu(x))), ShapeError);
});
blockSuite('a seed makes the kernel reproducible; He-normal variance 2 / fanIn', () => {
  const a = modelOf([8, 8, 16], (x) => convBnRelu(x, { filters: 64, seed: 21 }));
  const b = modelOf([8, 8, 16], (x) => convBnRelu(x, { filters: 64, seed: 21 }));
  const ka = Array.from(a.weights[0].read().dataSync());
  assert.equal(Array.from(b.weights[0].read().dataSync()), ka);
  const variance = ka.reduce((s, v) => s + v * v, 0) / ka.length;
  assert.ok(Math.abs(variance / (2 / (3 * 3 * 16)) - 1) < 0.05, `variance ${variance}`);
  a.dispose();
  b.dispose();
});
blockSuite('save → load reproduces the outputs exactly', async () => {
  await assertRoundTripExact(modelOf([6, 6, 3], (x) => convBnRelu(x, { filters: 5, strides: 2, seed: 2 })), 1, [3, 6, 6, 3], 4);
});
blockSuite.run();
