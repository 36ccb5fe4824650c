import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { heapOffset, nativeKernels } from '../../../../packages/core/src/backend/wasm-kernels/native-kernels';
import { useWasm } from './compare-with-cpu';

await useWasm();

/** The WebAssembly JS API calls used here (TypeScript declares them only in its DOM libraries). */
const WebAssembly = (globalThis as unknown as { WebAssembly: {
  Module: { new (bytes: Uint8Array): object; imports(m: object): unknown[]; exports(m: object): { name: string; kind: string }[] };
} }).WebAssembly;

const folder = new URL('../../../../packages/core/src/backend/wasm-kernels/native/', import.meta.url);

/** The ids of a module's sections, read from its binary. */
function sectionIds(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    ids.push(bytes[at++]);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      size |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) break;
    }
    at += size;
  }
  return ids;
}

const modules = suite('native kernel modules');

for (const file of ['kernels.wasm', 'kernels-shared.wasm']) {
  modules(`${file} imports only env.memory, carries no data to write into the backend's heap and exports the kernels`, () => {
    const bytes = readFileSync(new URL(file, folder));
    const module = new WebAssembly.Module(bytes);
    assert.equal(WebAssembly.Module.imports(module), [{ module: 'env', name: 'memory', kind: 'memory' }]);
    assert.not.ok(sectionIds(bytes).includes(11), 'a data section');
    const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name).sort();
    assert.equal(names, ['channel_affine_f32', 'conv2d_backprop_filter_f32', 'max_pool_grad_f32', 'relu_grad_f32', 'slice4_x32', 'swap_axes_x32']);
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
