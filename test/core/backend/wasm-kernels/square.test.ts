import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { squareConfig } from '../../../../packages/core/src/backend/wasm-kernels/square';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values, type Inputs } from './compare-with-cpu';

await useWasm();

const square = suite('squareWasm');

square('replaces the stock Square kernel on wasm', () => {
  assert.is(tf.getKernel('Square', 'wasm')?.kernelFunc, squareConfig.kernelFunc);
});

square('equals the cpu backend exactly on small and large tensors (stock kernel), and its gradient is 2x', () => {
  for (const shape of [[7], [3, 3, 16, 16], [5, 9], [4, 256, 257]]) {
    const inputs: Inputs = { x: { shape, data: values(tf.util.sizeFromShape(shape), shape.length) } };
    assert.is(relativeError('Square', inputs, {}), 0, `${shape}`);
  }
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d([1, -2, 3]));
  assert.equal(Array.from(g.dataSync()), [2, -4, 6]);
  g.dispose();
});

square('squares int32 as int32', () => {
  const y = tf.square(tf.tensor1d([3, -4], 'int32'));
  assert.is(y.dtype, 'int32');
  assert.equal(Array.from(y.dataSync()), [9, 16]);
  y.dispose();
});

square('leaks no tensors, wasm data or heap', () => {
  const inputs: Inputs = { x: { shape: [4, 6], data: values(24, 1) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('Square', inputs, {})), undefined);
});

square.run();
