import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { conv2dBackpropFilterConfig } from '../../../../packages/core/src/backend/wasm-kernels/conv2d-backprop-filter';
import { convCases, leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

function problem(c: ReturnType<typeof convCases>[number], explicitPad?: number[][]) {
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const pad = explicitPad ?? c.pad;
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, c.stride, 1, pad as 'same');
  const inputs: Inputs = {
    x: { shape: xShape, data: values(tf.util.sizeFromShape(xShape), 1) },
    dy: { shape: info.outShape, data: values(tf.util.sizeFromShape(info.outShape), 2) },
  };
  return { inputs, attrs: { strides: [c.stride, c.stride], pad, dataFormat: 'NHWC', filterShape } };
}

const conv2dBackpropFilter = suite('conv2dBackpropFilterWasm');

conv2dBackpropFilter('is the kernel registered for Conv2DBackpropFilter on wasm', () => {
  assert.is(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc, conv2dBackpropFilterConfig.kernelFunc);
});

conv2dBackpropFilter('matches the cpu backend over strides 1/2, same/valid, kernels 1/3/5, odd sizes, batch and channels 1 and >1', () => {
  for (const c of convCases()) {
    const { inputs, attrs } = problem(c);
    const error = relativeError('Conv2DBackpropFilter', inputs, attrs);
    assert.ok(error <= 1e-4, `${JSON.stringify(c)}: relative error ${error}`);
  }
});

conv2dBackpropFilter('matches the cpu backend with explicit padding and on a larger batch', () => {
  const c = { batch: 8, height: 11, width: 10, inChannels: 3, outChannels: 5, kernel: 3, stride: 2, pad: 'valid' as const };
  const { inputs, attrs } = problem(c, [[0, 0], [1, 2], [2, 0], [0, 0]]);
  assert.ok(relativeError('Conv2DBackpropFilter', inputs, attrs) <= 1e-4);
  assert.ok(relativeError('Conv2DBackpropFilter', problem(c).inputs, problem(c).attrs) <= 1e-4);
});

conv2dBackpropFilter('native path (output channels a multiple of 4): matches the cpu backend over channel tails, strides, paddings and kernels', () => {
  for (const [inChannels, outChannels] of [[1, 4], [3, 8], [4, 12], [5, 16], [9, 4]]) {
    for (const stride of [1, 2]) for (const pad of ['same', 'valid'] as const) for (const kernel of [1, 3, 5]) {
      const c = { batch: 3, height: 9, width: 7 + stride, inChannels, outChannels, kernel, stride, pad };
      const { inputs, attrs } = problem(c);
      const error = relativeError('Conv2DBackpropFilter', inputs, attrs);
      assert.ok(error <= 1e-4, `${JSON.stringify(c)}: relative error ${error}`);
    }
  }
  const c = { batch: 8, height: 11, width: 10, inChannels: 6, outChannels: 8, kernel: 3, stride: 2, pad: 'valid' as const };
  const { inputs, attrs } = problem(c, [[0, 0], [1, 2], [2, 0], [0, 0]]);
  assert.ok(relativeError('Conv2DBackpropFilter', inputs, attrs) <= 1e-4);
});

conv2dBackpropFilter('native path: a kernel larger than the padded input leaves zero taps, as the cpu backend does', () => {
  const c = { batch: 2, height: 3, width: 4, inChannels: 2, outChannels: 4, kernel: 5, stride: 1, pad: 'same' as const };
  const { inputs, attrs } = problem(c);
  assert.ok(relativeError('Conv2DBackpropFilter', inputs, attrs) <= 1e-4);
});

conv2dBackpropFilter('leaks no tensors, wasm data or heap on the native path', () => {
  const { inputs, attrs } = problem({ batch: 4, height: 9, width: 9, inChannels: 1, outChannels: 4, kernel: 3, stride: 2, pad: 'same' });
  assert.is(leaksOnWasm(() => runKernelOnWasm('Conv2DBackpropFilter', inputs, attrs)), undefined);
});

conv2dBackpropFilter('leaks no tensors, wasm data or heap across repeated calls', () => {
  const { inputs, attrs } = problem({ batch: 4, height: 9, width: 9, inChannels: 3, outChannels: 4, kernel: 3, stride: 2, pad: 'valid' });
  assert.is(leaksOnWasm(() => runKernelOnWasm('Conv2DBackpropFilter', inputs, attrs)), undefined);
});

conv2dBackpropFilter.run();
