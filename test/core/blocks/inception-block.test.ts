import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inceptionBlock, inceptionBlockDefaults, inceptionChannels, resolveInceptionBlockConfig } from '../../../packages/core/src/blocks/inception-block';
import { ConfigError } from '../../../packages/core/src/errors';
import { catchError, modelOf, assertRoundTripExact, randomizeWeights } from './round-trip';

await tf.setBackend('cpu');

const small = { filters1x1: 2, filters3x3Reduce: 3, filters3x3: 4, filters5x5Reduce: 1, filters5x5: 5, poolProjection: 6 };

const resolveSuite = suite('resolveInceptionBlockConfig');
resolveSuite('refuses a non-positive branch width, naming the branch', () => {
  assert.match(catchError(() => resolveInceptionBlockConfig({ filters5x5: -2 })).message, /inceptionBlock expects filters5x5 to be a positive integer, but received -2/);
});
resolveSuite.run();

const channelsSuite = suite('inceptionChannels');
channelsSuite('GoogLeNet inception (3a) outputs 64 + 128 + 32 + 32 = 256 channels', () => {
  assert.is(inceptionChannels(inceptionBlockDefaults), 256);
});
channelsSuite.run();

const blockSuite = suite('inceptionBlock');
blockSuite('four branches concatenated on channels, each branch\'s width configurable', () => {
  const model = modelOf([7, 7, 8], (x) => inceptionBlock(x, { ...small, name: 'i' }));
  assert.equal(model.outputs[0].shape, [null, 7, 7, 2 + 4 + 5 + 6]);
  const kernels = Object.fromEntries(model.weights.filter((w) => w.originalName.endsWith('kernel')).map((w) => [w.originalName, w.shape]));
  assert.equal(kernels, {
    'i_1x1_conv/kernel': [1, 1, 8, 2],
    'i_3x3_reduce_conv/kernel': [1, 1, 8, 3], 'i_3x3_conv/kernel': [3, 3, 3, 4],
    'i_5x5_reduce_conv/kernel': [1, 1, 8, 1], 'i_5x5_conv/kernel': [5, 5, 1, 5],
    'i_pool_proj_conv/kernel': [1, 1, 8, 6],
  });
});
blockSuite('the first channels are the 1×1 branch: relu(x · k + b)', () => {
  const model = modelOf([5, 5, 3], (x) => inceptionBlock(x, { ...small, name: 'j' }));
  randomizeWeights(model, 2);
  const x = tf.randomNormal([1, 5, 5, 3], 0, 1, 'float32', 3);
  const y = model.predict(x) as tf.Tensor;
  const k = model.weights.find((w) => w.originalName === 'j_1x1_conv/kernel')!.read();
  const b = model.weights.find((w) => w.originalName === 'j_1x1_conv/bias')!.read();
  const expected = tf.relu(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, 1, 'same').add(b));
  const first = y.slice([0, 0, 0, 0], [1, 5, 5, 2]);
  assert.ok(tf.max(tf.abs(first.sub(expected))).dataSync()[0] < 1e-5);
  tf.dispose([x, y, expected, first]);
});
blockSuite('refuses an input smaller than the 5×5 kernel', () => {
  const e = catchError(() => modelOf([4, 4, 3], (x) => inceptionBlock(x, small)));
  assert.instance(e, ConfigError);
  assert.match(e.message, /5×5.*at most the input height 4, but received 5/);
});
blockSuite('save → load reproduces the outputs exactly', async () => {
  await assertRoundTripExact(modelOf([6, 6, 4], (x) => inceptionBlock(x, { ...small, batchNorm: true })), 4, [2, 6, 6, 4], 5);
});
blockSuite.run();
