import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { maxPoolGradConfig } from '../../../../packages/core/src/backend/wasm-kernels/max-pool-grad';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

function problem(shape: [number, number, number, number], filterSize: number, stride: number, pad: 'same' | 'valid', ties = false) {
  const info = tf.backend_util.computePool2DInfo(shape, filterSize, stride, 1, pad);
  // With ties (ReLU outputs are often all zero in a window) the first maximum in row-major order wins.
  const input = values(tf.util.sizeFromShape(shape), 60).map((v) => (ties ? Math.max(0, Math.round(v)) : v));
  // The forward output is each window's max: computed on cpu so both backends get the same one.
  tf.setBackend('cpu');
  const output = tf.tidy(() => tf.maxPool(tf.tensor4d(input, shape), filterSize, stride, pad).dataSync());
  tf.setBackend('wasm');
  const inputs: Inputs = {
    dy: { shape: info.outShape, data: values(tf.util.sizeFromShape(info.outShape), 61) },
    input: { shape, data: input },
    output: { shape: info.outShape, data: Float32Array.from(output) },
  };
  return { inputs, attrs: { filterSize, strides: stride, pad } };
}

const maxPoolGrad = suite('maxPoolGradWasm');

maxPoolGrad('is the kernel registered for MaxPoolGrad on wasm', () => {
  assert.is(tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc, maxPoolGradConfig.kernelFunc);
});

maxPoolGrad('matches the cpu backend on square and non-square inputs (where the stock wasm kernel fails), same/valid, pools 2 and 3, strides 1 and 2', () => {
  for (const shape of [[2, 7, 7, 3], [2, 8, 6, 3], [1, 5, 9, 1], [3, 8, 8, 2], [2, 7, 6, 4], [1, 6, 7, 6], [2, 8, 8, 8]] as [number, number, number, number][]) {
    for (const [filterSize, stride] of [[2, 2], [3, 2], [3, 1]]) {
      for (const pad of ['same', 'valid'] as const) {
        const { inputs, attrs } = problem(shape, filterSize, stride, pad);
        const error = relativeError('MaxPoolGrad', inputs, attrs);
        assert.ok(error <= 1e-4, `${shape} pool ${filterSize} stride ${stride} ${pad}: ${error}`);
      }
    }
  }
});

maxPoolGrad('sends each gradient to the first maximum of its window when values tie', () => {
  for (const [filterSize, stride, pad] of [[2, 2, 'valid'], [3, 1, 'same'], [3, 2, 'same']] as const) {
    const { inputs, attrs } = problem([2, 7, 6, 6], filterSize, stride, pad, true);
    const error = relativeError('MaxPoolGrad', inputs, attrs);
    assert.ok(error <= 1e-4, `pool ${filterSize} stride ${stride} ${pad}: ${error}`);
  }
});

maxPoolGrad('leaks no tensors, wasm data or heap across repeated calls, square or not', () => {
  for (const shape of [[2, 6, 6, 3], [2, 6, 4, 3]] as [number, number, number, number][]) {
    const { inputs, attrs } = problem(shape, 2, 2, 'valid');
    assert.is(leaksOnWasm(() => runKernelOnWasm('MaxPoolGrad', inputs, attrs)), undefined);
  }
});

maxPoolGrad.run();
