import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { addConfig, fusedBatchNormConfig, multiplyConfig, subConfig } from '../../../../packages/core/src/backend/wasm-kernels/channel-affine';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

/** Activation shapes with their channel counts: a multiple of 4 or not, rank 2 to 4. */
const activations: [number[], number][] = [[[2, 5, 5, 8], 8], [[3, 7, 6], 6], [[4, 3], 3], [[10, 1], 1], [[2, 3, 3, 5], 5]];

const add = suite('addWasm');

add('replaces the stock Add kernel on wasm', () => {
  assert.is(tf.getKernel('Add', 'wasm')?.kernelFunc, addConfig.kernelFunc);
});

add('adds a bias over the last axis as the cpu backend does, channels a multiple of 4 or not, bias on either side', () => {
  for (const [shape, channels] of [[[2, 5, 5, 8], 8], [[3, 7, 6], 6], [[4, 3], 3], [[10, 1], 1]] as [number[], number][]) {
    const x = { shape, data: values(tf.util.sizeFromShape(shape), channels) };
    const bias = { shape: [channels], data: values(channels, 99) };
    assert.ok(relativeError('Add', { a: x, b: bias }, {}) <= 1e-6, `${shape} + [${channels}]`);
    assert.ok(relativeError('Add', { a: bias, b: x }, {}) <= 1e-6, `[${channels}] + ${shape}`);
  }
});

add('leaves every other Add to the stock kernel', () => {
  const cases: Inputs[] = [
    { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [4, 6], data: values(24, 2) } },
    { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [4, 1], data: values(4, 2) } },
    { a: { shape: [6], data: values(6, 1) }, b: { shape: [6], data: values(6, 2) } },
    { a: { shape: [3, 2], data: Int32Array.of(1, 2, 3, 4, 5, 6), dtype: 'int32' }, b: { shape: [2], data: Int32Array.of(10, 20), dtype: 'int32' } },
  ];
  for (const inputs of cases) assert.ok(relativeError('Add', inputs, {}) <= 1e-6, JSON.stringify(inputs.a.shape));
  const sum = tf.add(tf.tensor2d([[1, 2]], [1, 2], 'int32'), tf.tensor1d([3, 4], 'int32'));
  assert.is(sum.dtype, 'int32');
  assert.equal(sum.arraySync(), [[4, 6]]);
  sum.dispose();
});

add('leaks no tensors, wasm data or heap', () => {
  const inputs: Inputs = { a: { shape: [5, 4, 8], data: values(160, 4) }, b: { shape: [8], data: values(8, 5) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Add', inputs, {})), undefined);
});

add.run();

const multiply = suite('multiplyWasm');

multiply('replaces the stock Multiply kernel on wasm', () => {
  assert.is(tf.getKernel('Multiply', 'wasm')?.kernelFunc, multiplyConfig.kernelFunc);
});

multiply('multiplies by a per-channel vector as the cpu backend does, [C] or [1, …, 1, C], on either side', () => {
  for (const [shape, channels] of activations) {
    const x = { shape, data: values(tf.util.sizeFromShape(shape), channels) };
    for (const vShape of [[channels], [...shape.slice(0, -1).map(() => 1), channels]]) {
      const v = { shape: vShape, data: values(channels, 99) };
      assert.ok(relativeError('Multiply', { a: x, b: v }, {}) <= 1e-6, `${shape} · [${vShape}]`);
      assert.ok(relativeError('Multiply', { a: v, b: x }, {}) <= 1e-6, `[${vShape}] · ${shape}`);
    }
  }
});

multiply('leaves every other Multiply to the stock kernel', () => {
  const cases: Inputs[] = [
    { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [4, 6], data: values(24, 2) } },
    { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [4, 1], data: values(4, 2) } },
    { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [], data: values(1, 2) } },
    { a: { shape: [1, 6], data: values(6, 1) }, b: { shape: [6], data: values(6, 2) } },
    { a: { shape: [3, 1], data: values(3, 1) }, b: { shape: [1, 4], data: values(4, 2) } },
  ];
  for (const inputs of cases) assert.ok(relativeError('Multiply', inputs, {}) <= 1e-6, `${inputs.a.shape} · ${inputs.b.shape}`);
  const product = tf.mul(tf.tensor2d([[1, 2]], [1, 2], 'int32'), tf.tensor1d([3, 4], 'int32'));
  assert.is(product.dtype, 'int32');
  assert.equal(product.arraySync(), [[3, 8]]);
  product.dispose();
});

multiply('leaks no tensors, wasm data or heap', () => {
  const inputs: Inputs = { a: { shape: [5, 4, 8], data: values(160, 4) }, b: { shape: [1, 1, 8], data: values(8, 5) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Multiply', inputs, {})), undefined);
});

multiply.run();

const sub = suite('subWasm');

sub('replaces the stock Sub kernel on wasm', () => {
  assert.is(tf.getKernel('Sub', 'wasm')?.kernelFunc, subConfig.kernelFunc);
});

sub('subtracts a per-channel vector as the cpu backend does; the vector first goes to the stock kernel', () => {
  for (const [shape, channels] of activations) {
    const x = { shape, data: values(tf.util.sizeFromShape(shape), channels) };
    for (const vShape of [[channels], [...shape.slice(0, -1).map(() => 1), channels]]) {
      const v = { shape: vShape, data: values(channels, 7) };
      assert.ok(relativeError('Sub', { a: x, b: v }, {}) <= 1e-6, `${shape} − [${vShape}]`);
      assert.ok(relativeError('Sub', { a: v, b: x }, {}) <= 1e-6, `[${vShape}] − ${shape}`);
    }
  }
  const same = { a: { shape: [4, 6], data: values(24, 1) }, b: { shape: [4, 6], data: values(24, 2) } };
  assert.ok(relativeError('Sub', same, {}) <= 1e-6);
});

sub('leaks no tensors, wasm data or heap', () => {
  const inputs: Inputs = { a: { shape: [5, 4, 8], data: values(160, 4) }, b: { shape: [8], data: values(8, 5) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Sub', inputs, {})), undefined);
});

sub.run();

const batchNorm = suite('fusedBatchNormWasm');

batchNorm('replaces the stock FusedBatchNorm kernel on wasm', () => {
  assert.is(tf.getKernel('FusedBatchNorm', 'wasm')?.kernelFunc, fusedBatchNormConfig.kernelFunc);
});

batchNorm('normalises as the cpu backend does, with and without scale and offset, statistics [C] or [1, …, 1, C]', () => {
  for (const [shape, channels] of activations) {
    const x = { shape, data: values(tf.util.sizeFromShape(shape), channels) };
    for (const statShape of [[channels], [...shape.slice(0, -1).map(() => 1), channels]]) {
      const stat = (seed: number, positive = false) => ({ shape: statShape, data: values(channels, seed).map((v) => (positive ? 0.1 + Math.abs(v) : v)) });
      const full: Inputs = { x, mean: stat(1), variance: stat(2, true), offset: stat(3), scale: stat(4) };
      const variants: Inputs[] = [full, { x, mean: full.mean, variance: full.variance }, { x, mean: full.mean, variance: full.variance, scale: full.scale }];
      for (const inputs of variants) {
        const error = relativeError('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 });
        assert.ok(error <= 1e-5, `${shape}, statistics [${statShape}], ${Object.keys(inputs)}: ${error}`);
      }
    }
  }
});

batchNorm('leaves statistics of the activation\'s own shape to the stock kernel', () => {
  const shape = [2, 3, 4];
  const size = tf.util.sizeFromShape(shape);
  const inputs: Inputs = { x: { shape, data: values(size, 1) }, mean: { shape, data: values(size, 2) }, variance: { shape, data: values(size, 3).map((v) => 1 + v * v) } };
  assert.ok(relativeError('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 }) <= 1e-5);
});

batchNorm('leaks no tensors, wasm data or heap', () => {
  const c = 8;
  const inputs: Inputs = {
    x: { shape: [5, 4, c], data: values(160, 4) }, mean: { shape: [c], data: values(c, 5) },
    variance: { shape: [c], data: values(c, 6).map((v) => 1 + v * v) }, offset: { shape: [c], data: values(c, 7) }, scale: { shape: [c], data: values(c, 8) },
  };
  assert.is(leaksOnWasm(() => runKernelOnWasm('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 })), undefined);
});

batchNorm.run();
