import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { conv2dBackpropInputConfig } from '../../../../packages/core/src/backend/wasm-kernels/conv2d-backprop-input';
import { convCases, leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

function problem(c: ReturnType<typeof convCases>[number], explicitPad?: number[][]) {
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, c.outChannels];
  const inputShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const pad = explicitPad ?? c.pad;
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, c.stride, 1, pad as 'same');
  const inputs: Inputs = {
    dy: { shape: info.outShape, data: values(tf.util.sizeFromShape(info.outShape), 3) },
    filter: { shape: filterShape, data: values(tf.util.sizeFromShape(filterShape), 4) },
  };
  return { inputs, attrs: { strides: [c.stride, c.stride], pad, dataFormat: 'NHWC', inputShape } };
}

const conv2dBackpropInput = suite('conv2dBackpropInputWasm');

conv2dBackpropInput('replaces the stock Conv2DBackpropInput kernel on wasm', () => {
  assert.is(tf.getKernel('Conv2DBackpropInput', 'wasm')?.kernelFunc, conv2dBackpropInputConfig.kernelFunc);
});

conv2dBackpropInput('matches the cpu backend over strides 1/2, same/valid, kernels 1/3/5, odd sizes, batch and channels 1 and >1', () => {
  for (const c of convCases()) {
    const { inputs, attrs } = problem(c);
    const error = relativeError('Conv2DBackpropInput', inputs, attrs);
    assert.ok(error <= 1e-4, `${JSON.stringify(c)}: relative error ${error}`);
  }
});

conv2dBackpropInput('matches the cpu backend with explicit padding, stride 3 and a larger batch', () => {
  const c = { batch: 8, height: 11, width: 10, inChannels: 3, outChannels: 5, kernel: 3, stride: 3, pad: 'valid' as const };
  const explicit = problem(c, [[0, 0], [1, 2], [2, 0], [0, 0]]);
  assert.ok(relativeError('Conv2DBackpropInput', explicit.inputs, explicit.attrs) <= 1e-4);
  const plain = problem(c);
  assert.ok(relativeError('Conv2DBackpropInput', plain.inputs, plain.attrs) <= 1e-4);
});

conv2dBackpropInput('leaks no tensors, wasm data or heap across repeated calls', () => {
  const { inputs, attrs } = problem({ batch: 4, height: 9, width: 9, inChannels: 3, outChannels: 4, kernel: 3, stride: 2, pad: 'same' });
  assert.is(leaksOnWasm(() => runKernelOnWasm('Conv2DBackpropInput', inputs, attrs)), undefined);
});

conv2dBackpropInput.run();
