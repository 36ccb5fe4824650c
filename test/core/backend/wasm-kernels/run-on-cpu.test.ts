import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runOnCpu } from '../../../../packages/core/src/backend/wasm-kernels/run-on-cpu';
import type { WasmKernelArgs } from '../../../../packages/core/src/backend/wasm-kernels/wasm-kernel-scope';
import { useWasm, wasmFootprint } from './compare-with-cpu';

await useWasm();

const fallback = suite('runOnCpu');

fallback('runs a cpu kernel on wasm data and returns wasm data, freeing the cpu copies', () => {
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const cpu = tf.findBackend('cpu') as tf.KernelBackend;
  const cpuBefore = cpu.numDataIds();
  const wasmBefore = wasmFootprint().dataIds;
  const args = { inputs: { x }, backend: tf.backend(), attrs: { perm: [1, 0] } } as unknown as WasmKernelArgs;
  const out = runOnCpu('Transpose', args) as tf.TensorInfo;
  assert.equal(out.shape, [3, 2]);
  const result = tf.engine().makeTensorFromTensorInfo(out);
  assert.equal(Array.from(result.dataSync()), [1, 4, 2, 5, 3, 6]);
  assert.is(cpu.numDataIds(), cpuBefore);
  result.dispose();
  assert.is(wasmFootprint().dataIds, wasmBefore);
  x.dispose();
});

fallback('names the kernel when the cpu backend lacks it', () => {
  const args = { inputs: {}, backend: tf.backend(), attrs: {} } as unknown as WasmKernelArgs;
  assert.throws(() => runOnCpu('NoSuchKernel', args), /NoSuchKernel/);
});

fallback.run();
