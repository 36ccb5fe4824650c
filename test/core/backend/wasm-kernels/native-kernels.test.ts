import { wasmModuleShape } from '../../../helpers/wasm-module';
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { heapOffset, nativeKernels } from '../../../../packages/core/src/backend/wasm-kernels/native-kernels';
import { useWasm } from './compare-with-cpu';

await useWasm();

const folder = new URL('../../../../packages/core/src/backend/wasm-kernels/native/', import.meta.url);

const modules = suite('native kernel modules');

for (const file of ['kernels.wasm', 'kernels-shared.wasm']) {
  modules(`${file} imports only env.memory, carries no data to write into the backend's heap and exports the kernels`, () => {
    const shape = wasmModuleShape(new URL(file, folder));
    assert.equal(shape.imports, [{ module: 'env', name: 'memory', kind: 'memory' }]);
    assert.not.ok(shape.hasDataSection, 'a data section');
    assert.equal(shape.functions, ['channel_affine_f32', 'conv2d_backprop_filter_f32', 'max_pool_grad_f32', 'relu_grad_f32', 'slice4_x32', 'swap_axes_x32']);
  });
}

modules('binds to the running wasm backend once, and works on its heap in place', () => {
  const backend = tf.backend() as Parameters<typeof nativeKernels>[0];
  assert.is(nativeKernels(backend), nativeKernels(backend));
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
  const bias = tf.tensor1d([10, 20, 30]);
  const out = tf.zeros([2, 3]);
  // Terms 2: the shift only, a bias over the last axis.
  nativeKernels(backend).channel_affine_f32(heapOffset(backend, x), 0, heapOffset(backend, bias), heapOffset(backend, out), 3, 2, 0, 2);
  assert.equal(out.arraySync(), [[11, 22, 33], [14, 25, 36]]);
  tf.dispose([x, bias, out]);
});

modules.run();
