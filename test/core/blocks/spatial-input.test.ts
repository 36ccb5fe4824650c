import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkBlockName, checkKernelFits, checkSeed, sameOutput, spatialDims, sublayerName, sublayerSeed,
} from '../../../packages/core/src/blocks/spatial-input';
import { ConfigError, ShapeError } from '../../../packages/core/src/errors';

await tf.setBackend('cpu');

const dimsSuite = suite('spatialDims');
dimsSuite('reads NHWC dims, unknown height/width stay null', () => {
  assert.equal(spatialDims('t', tf.input({ shape: [5, 7, 3] })), { height: 5, width: 7, channels: 3 });
  assert.equal(spatialDims('t', tf.input({ shape: [null, null, 3] as unknown as number[] })), { height: null, width: null, channels: 3 });
});
dimsSuite('refuses a rank-2 input with a ShapeError naming who', () => {
  assert.throws(() => spatialDims('myBlock', tf.input({ shape: [4] })), (e: Error) => e instanceof ShapeError && /myBlock expects a rank-4/.test(e.message));
});
dimsSuite.run();

const fitsSuite = suite('checkKernelFits');
fitsSuite('accepts a kernel equal to the input, refuses a larger one along either axis', () => {
  checkKernelFits('t', 'kernelSize', 5, { height: 5, width: 9, channels: 1 });
  assert.throws(() => checkKernelFits('t', 'kernelSize', 6, { height: 9, width: 5, channels: 1 }), /at most the input width 5, but received 6/);
  checkKernelFits('t', 'kernelSize', 99, { height: null, width: null, channels: 1 });
});
fitsSuite.run();

const sameSuite = suite('sameOutput');
sameSuite('ceil(size / strides)', () => {
  assert.equal(sameOutput({ height: 7, width: 8, channels: 1 }, 2, 4), { height: 4, width: 4, channels: 4 });
});
sameSuite.run();

const nameSuite = suite('sublayerName');
nameSuite('prefixes the block name, or leaves naming to tfjs', () => {
  assert.is(sublayerName('res1', 'conv'), 'res1_conv');
  assert.is(sublayerName(null, 'conv'), undefined);
});
nameSuite.run();

const checkNameSuite = suite('checkBlockName');
checkNameSuite('refuses names tfjs cannot scope (slashes, empty)', () => {
  assert.is(checkBlockName('t', 'a-b.c_1'), 'a-b.c_1');
  assert.throws(() => checkBlockName('t', 'a/b'), (e: Error) => e instanceof ConfigError);
  assert.throws(() => checkBlockName('t', ''), (e: Error) => e instanceof ConfigError);
});
checkNameSuite.run();

const seedSuite = suite('checkSeed');
seedSuite('integers or null', () => {
  assert.is(checkSeed('t', null), null);
  assert.is(checkSeed('t', 3), 3);
  assert.throws(() => checkSeed('t', 0.5), /seed to be an integer or null, but received 0.5/);
});
seedSuite.run();

const subSeedSuite = suite('sublayerSeed');
subSeedSuite('distinct per sublayer, null stays null', () => {
  assert.is(sublayerSeed(null, 3), null);
  assert.is(sublayerSeed(5, 0), 5);
  assert.is.not(sublayerSeed(5, 1), sublayerSeed(5, 2));
});
subSeedSuite.run();
