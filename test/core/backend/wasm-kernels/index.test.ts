import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { registerWasmTrainingKernels, wasmTrainingKernels } from '../../../../packages/core/src/backend/wasm-kernels/index';
import { leaksOnWasm, relativeDifference, useWasm, values } from './compare-with-cpu';

await useWasm();

/** A small net through every op deeper's models train: its loss and the weights it reads. */
function smallNet(weights: tf.Tensor[], x: tf.Tensor4D, actions: tf.Tensor1D, labels: tf.Tensor2D): tf.Scalar {
  const [w1, dw, pw, w2, wt, gamma, beta, dense, bias] = weights;
  let h = tf.relu(tf.conv2d(x, w1 as tf.Tensor4D, 2, 'same'));
  h = tf.depthwiseConv2d(h, dw as tf.Tensor4D, 1, 'valid');
  h = tf.separableConv2d(h, dw as tf.Tensor4D, pw as tf.Tensor4D, 1, 'same');
  h = tf.maxPool(tf.conv2d(h, w2 as tf.Tensor4D, 1, 'same'), 2, 2, 'same');
  h = tf.conv2dTranspose(h, wt as tf.Tensor4D, [h.shape[0], h.shape[1] * 2, h.shape[2] * 2, 3], 2, 'same');
  h = tf.avgPool(h, 2, 1, 'valid');
  const moments = tf.moments(h, [0, 1, 2]);
  h = tf.leakyRelu(tf.batchNorm(h, moments.mean, moments.variance, beta as tf.Tensor1D, gamma as tf.Tensor1D, 1e-3), 0.1) as tf.Tensor4D;
  const flat = h.reshape([h.shape[0], -1]);
  const logits = tf.add(tf.matMul(flat, dense as tf.Tensor2D), bias);
  const q = tf.gather(logits.reshape([-1]), tf.range(0, x.shape[0], 1, 'int32').mul(tf.scalar(4, 'int32')).add(actions));
  return tf.losses.softmaxCrossEntropy(labels, logits).add(q.square().mean()) as tf.Scalar;
}

function netGradients(backend: string): Float32Array[] {
  tf.setBackend(backend);
  const shapes = [[3, 3, 2, 4], [3, 3, 4, 1], [1, 1, 4, 5], [3, 3, 5, 6], [3, 3, 3, 6], [3], [3], [105, 4], [4]];
  const weights = shapes.map((s, i) => tf.tensor(values(tf.util.sizeFromShape(s), 30 + i).map((v) => v * 0.5), s));
  const x = tf.tensor4d(values(3 * 17 * 15 * 2, 40), [3, 17, 15, 2]);
  const actions = tf.tensor1d([0, 3, 1], 'int32');
  const labels = tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 4) as tf.Tensor2D;
  const grads = tf.grads((...ws: tf.Tensor[]) => smallNet(ws, x, actions, labels))(weights);
  const out = grads.map((g) => Float32Array.from(g.dataSync()));
  tf.dispose([...weights, ...grads, x, actions, labels]);
  return out;
}

const register = suite('registerWasmTrainingKernels');

register('registers every kernel on wasm, and a second call changes nothing', () => {
  registerWasmTrainingKernels();
  const before = wasmTrainingKernels.map((k) => tf.getKernel(k.kernelName, 'wasm')?.kernelFunc);
  registerWasmTrainingKernels();
  const after = wasmTrainingKernels.map((k) => tf.getKernel(k.kernelName, 'wasm')?.kernelFunc);
  assert.equal(after, wasmTrainingKernels.map((k) => k.kernelFunc));
  assert.equal(after, before);
});

register('gives a whole small net (conv, depthwise, separable, transposed conv, pools, batch norm, dense, gather) the cpu backend\'s gradients', () => {
  const onWasm = netGradients('wasm');
  const onCpu = netGradients('cpu');
  tf.setBackend('wasm');
  onCpu.forEach((c, i) => {
    const error = relativeDifference(onWasm[i], c);
    assert.ok(error <= 1e-4, `weight ${i}: relative error ${error}`);
  });
});

register('trains tf.layers models of every kind one step with Adam and RMSProp without a missing kernel or a leak', () => {
  const models = [
    () => [tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.batchNormalization(), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dropout({ rate: 0.5 }), tf.layers.dense({ units: 3 })],
    () => [tf.layers.separableConv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: 3 }), tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }),
      tf.layers.averagePooling2d({ poolSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 3 })],
    () => [tf.layers.conv2dTranspose({ inputShape: [9, 9, 2], filters: 3, kernelSize: 3, strides: 2, padding: 'same' }), tf.layers.leakyReLU(), tf.layers.reshape({ targetShape: [18 * 18, 3] }),
      tf.layers.conv1d({ filters: 2, kernelSize: 3 }), tf.layers.flatten(), tf.layers.dense({ units: 3 })],
  ];
  for (const [i, layers] of models.entries()) {
    for (const optimizer of [tf.train.adam(1e-3), tf.train.rmsprop(1e-3)]) {
      const model = tf.sequential({ layers: layers() });
      const x = tf.tensor4d(values(4 * 9 * 9 * 2, 50 + i), [4, 9, 9, 2]);
      const y = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
      const step = () => {
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor), true) as tf.Scalar;
        assert.ok(Number.isFinite(loss.dataSync()[0]));
        loss.dispose();
      };
      assert.is(leaksOnWasm(step), undefined, `model ${i}`);
      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
    }
  }
});

register.run();
