import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fusedMatMulConfig } from '../../../../packages/core/src/backend/wasm-kernels/fused-mat-mul';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values } from './compare-with-cpu';

await useWasm();

const fusedMatMul = suite('fusedMatMulWasm');

fusedMatMul('replaces the stock _FusedMatMul kernel on wasm', () => {
  assert.is(tf.getKernel('_FusedMatMul', 'wasm')?.kernelFunc, fusedMatMulConfig.kernelFunc);
});

fusedMatMul('matches the cpu backend for every transpose combination, with bias and relu or linear', () => {
  for (const activation of ['linear', 'relu']) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const [m, k, n] = [9, 6, 5];
        const aShape = [1, ...(transposeA ? [k, m] : [m, k])];
        const bShape = [1, ...(transposeB ? [n, k] : [k, n])];
        const error = relativeError('_FusedMatMul', {
          a: { shape: aShape, data: values(tf.util.sizeFromShape(aShape), 16) },
          b: { shape: bShape, data: values(tf.util.sizeFromShape(bShape), 17) },
          bias: { shape: [n], data: values(n, 18) },
        }, { transposeA, transposeB, activation, leakyreluAlpha: 0.2 });
        assert.ok(error <= 1e-4, `${activation} ${transposeA} ${transposeB}: ${error}`);
      }
    }
  }
});

fusedMatMul('trains a dense layer on wasm to the same gradients as on cpu', () => {
  const grads = (backend: string) => {
    tf.setBackend(backend);
    const x = tf.tensor2d(values(8 * 5, 19), [8, 5]);
    const w = tf.tensor2d(values(5 * 3, 20), [5, 3]);
    const b = tf.tensor1d(values(3, 21));
    const g = tf.grads((ww: tf.Tensor, bb: tf.Tensor) =>
      tf.fused.matMul({ a: x, b: ww as tf.Tensor2D, bias: bb, activation: 'relu' }).square().sum())([w, b]);
    const out = g.map((t) => Array.from(t.dataSync()));
    tf.dispose([x, w, b, ...g]);
    return out.flat();
  };
  const onWasm = grads('wasm');
  const onCpu = grads('cpu');
  tf.setBackend('wasm');
  onCpu.forEach((c, i) => assert.ok(Math.abs(onWasm[i] - c) <= 1e-4 * Math.max(1, Math.abs(c)), `${i}: ${onWasm[i]} vs ${c}`));
});

fusedMatMul('leaks no tensors, wasm data or heap across repeated transposed calls', () => {
  const inputs = { a: { shape: [1, 6, 4], data: values(24, 22) }, b: { shape: [1, 5, 6], data: values(30, 23) }, bias: { shape: [5], data: values(5, 24) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('_FusedMatMul', inputs, { transposeA: true, transposeB: true, activation: 'relu' })), undefined);
});

fusedMatMul.run();
