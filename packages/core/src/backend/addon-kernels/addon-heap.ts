/**
 * The wasm backend's heap as the addon sees it: a Uint8Array over the backend's
 * WebAssembly.Memory buffer (a SharedArrayBuffer in the threaded build), and each tensor's
 * byte offset in it. The view is re-made whenever the memory has grown (its `buffer` is then
 * a new object), and the addon re-reads the base address on every call, so neither a grown
 * nor a moved heap is ever addressed through a stale pointer.
 */
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer }

const views = new WeakMap<BackendWasm, Uint8Array>();

function memoryOf(backend: BackendWasm): WasmMemory {
  const module = backend.wasm as unknown as { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!memory) throw new Error('deeper\'s addon kernels expect the tfjs wasm backend to expose its WebAssembly.Memory (wasmMemory or asm.memory), but found none: is @tensorflow/tfjs-backend-wasm 4.22?');
  return memory;
}

/** A view of the whole heap, current after any growth. */
export function heapView(backend: BackendWasm): Uint8Array {
  const buffer = memoryOf(backend).buffer;
  let view = views.get(backend);
  if (!view || view.buffer !== buffer) {
    view = new Uint8Array(buffer);
    views.set(backend, view);
  }
  return view;
}

/** The byte offset of a tensor's data on the heap. */
export function offsetOf(backend: BackendWasm, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error(`deeper's addon kernels expect tensor data ${JSON.stringify(info.shape)} on the wasm backend, but it has none there`);
  return data.memoryOffset;
}
