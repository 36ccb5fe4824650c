import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { conv2dConfig } from '../../../../packages/core/src/backend/wasm-kernels/conv2d';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

function problem(batch: number, height: number, width: number, inChannels: number, outChannels: number, kernel: number,
  stride: number, pad: 'same' | 'valid' | number[][], dilation = 1) {
  const inputs: Inputs = {
    x: { shape: [batch, height, width, inChannels], data: values(batch * height * width * inChannels, 5) },
    filter: { shape: [kernel, kernel, inChannels, outChannels], data: values(kernel * kernel * inChannels * outChannels, 6) },
  };
  return { inputs, attrs: { strides: [stride, stride], pad, dataFormat: 'NHWC', dilations: [dilation, dilation] } };
}

const conv2d = suite('conv2dWasm');

conv2d('replaces the stock Conv2D kernel on wasm', () => {
  assert.is(tf.getKernel('Conv2D', 'wasm')?.kernelFunc, conv2dConfig.kernelFunc);
});

conv2d('native path (output channels a multiple of 8): matches the cpu backend over strides, paddings, kernels, ragged widths and batches', () => {
  for (const [inChannels, outChannels] of [[1, 8], [3, 16], [8, 8]]) {
    for (const stride of [1, 2]) for (const pad of ['same', 'valid'] as const) for (const kernel of [1, 3, 5]) {
      for (const [batch, width] of [[1, 5], [3, 9], [2, 12]]) {
        const { inputs, attrs } = problem(batch, 7, width, inChannels, outChannels, kernel, stride, pad);
        const error = relativeError('Conv2D', inputs, attrs);
        assert.ok(error <= 1e-5, `ci ${inChannels} co ${outChannels} stride ${stride} ${pad} k ${kernel} batch ${batch} width ${width}: ${error}`);
      }
    }
  }
  const explicit = problem(2, 9, 8, 4, 8, 3, 2, [[0, 0], [2, 1], [0, 2], [0, 0]]);
  assert.ok(relativeError('Conv2D', explicit.inputs, explicit.attrs) <= 1e-5);
});

conv2d('leaves other channel counts and dilation to the stock kernel, with the same results as cpu', () => {
  for (const [outChannels, dilation] of [[5, 1], [8, 2]]) {
    const { inputs, attrs } = problem(2, 9, 9, 3, outChannels, 3, 1, 'same', dilation);
    assert.ok(relativeError('Conv2D', inputs, attrs) <= 1e-5, `co ${outChannels} dilation ${dilation}`);
  }
});

conv2d('trains: gradients through a conv layer match the cpu backend', () => {
  const grads = (backend: string) => {
    tf.setBackend(backend);
    return tf.tidy(() => {
      const x = tf.tensor4d(values(2 * 6 * 6 * 3, 7), [2, 6, 6, 3]);
      const w = tf.tensor4d(values(3 * 3 * 3 * 8, 8), [3, 3, 3, 8]);
      const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'))))([x, w]);
      return [Array.from(gx.dataSync()), Array.from(gw.dataSync())];
    });
  };
  const [onWasm, onCpu] = [grads('wasm'), grads('cpu')];
  tf.setBackend('wasm');
  onCpu.forEach((c, k) => {
    const scale = Math.max(...c.map(Math.abs));
    c.forEach((v, i) => assert.ok(Math.abs(onWasm[k][i] - v) <= 1e-4 * scale, `grad ${k}[${i}]`));
  });
});

conv2d('leaks no tensors, wasm data or heap', () => {
  const { inputs, attrs } = problem(2, 6, 6, 4, 8, 3, 1, 'same');
  assert.is(leaksOnWasm(() => runKernelOnWasm('Conv2D', inputs, attrs)), undefined);
});

conv2d.run();
