/**
 * The wasm backend's heap as the addon sees it: a Uint8Array over the backend's
 * WebAssembly.Memory buffer (a SharedArrayBuffer in the threaded build), and each tensor's
 * byte offset in it. The view is re-made whenever the memory has grown (its `buffer` is then
 * a new object), and the addon re-reads the base address on every call, so neither a grown
 * nor a moved heap is ever addressed through a stale pointer.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { backendMemory, heapOffset } from '../wasm-kernels/native-kernels';

const views = new WeakMap<BackendWasm, Uint8Array>();

/** A view of the whole heap, current after any growth. */
export function heapView(backend: BackendWasm): Uint8Array {
  const buffer = backendMemory(backend).buffer;
  let view = views.get(backend);
  if (!view || view.buffer !== buffer) {
    view = new Uint8Array(buffer);
    views.set(backend, view);
  }
  return view;
}

/** The byte offset of a tensor's data on the heap. */
export const offsetOf = heapOffset;
