import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { batchMatMulConfig, transposeLastTwo } from '../../../../packages/core/src/backend/wasm-kernels/batch-mat-mul';
import { WasmKernelScope } from '../../../../packages/core/src/backend/wasm-kernels/wasm-kernel-scope';
import { leaksOnWasm, relativeError, runKernelOnWasm, useWasm, values } from './compare-with-cpu';

await useWasm();

const batchMatMul = suite('batchMatMulWasm');

batchMatMul('replaces the stock BatchMatMul kernel on wasm', () => {
  assert.is(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc, batchMatMulConfig.kernelFunc);
});

batchMatMul('matches the cpu backend for every transpose combination, odd sizes, batched and broadcast', () => {
  for (const [batchA, batchB] of [[[], []], [[3], [3]], [[2, 3], [1, 3]]] as number[][][]) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const [m, k, n] = [5, 7, 3];
        const aShape = [...batchA, ...(transposeA ? [k, m] : [m, k])];
        const bShape = [...batchB, ...(transposeB ? [n, k] : [k, n])];
        const error = relativeError('BatchMatMul', {
          a: { shape: aShape, data: values(tf.util.sizeFromShape(aShape), 12) },
          b: { shape: bShape, data: values(tf.util.sizeFromShape(bShape), 13) },
        }, { transposeA, transposeB });
        assert.ok(error <= 1e-4, `${aShape} ${bShape} ${transposeA} ${transposeB}: ${error}`);
      }
    }
  }
});

batchMatMul('leaks no tensors, wasm data or heap across repeated transposed calls', () => {
  const inputs = { a: { shape: [6, 4], data: values(24, 14) }, b: { shape: [5, 6], data: values(30, 15) } };
  assert.is(leaksOnWasm(() => runKernelOnWasm('BatchMatMul', inputs, { transposeA: true, transposeB: true })), undefined);
});

const transposeLastTwoSuite = suite('transposeLastTwo');

transposeLastTwoSuite('swaps only the last two axes', () => {
  const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 2, 3]);
  const backend = tf.backend() as unknown as ConstructorParameters<typeof WasmKernelScope>[0];
  const scope = new WasmKernelScope(backend);
  const info = transposeLastTwo(scope, x);
  assert.equal(info.shape, [2, 3, 2]);
  assert.equal(Array.from(backend.readSync(info.dataId) as Float32Array), [1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12]);
  scope.dispose();
  x.dispose();
});

batchMatMul.run();
transposeLastTwoSuite.run();
