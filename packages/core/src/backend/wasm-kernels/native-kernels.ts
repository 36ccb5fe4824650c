/**
 * deeper's own WebAssembly kernels (./native/kernels.c), run on the wasm backend's heap.
 *
 * Some kernels tfjs-backend-wasm 4.22 lacks or runs slowly fit no composition of its
 * XNNPACK kernels: its Transpose walks the output one element at a time (12–17 ms for a
 * [100, 28, 28, 16] → [28, 28, 100, 16] swap here, 3 ms as whole-row copies), and a
 * convolution's weight gradient composed from XNNPACK needs such transposes and a repack
 * of dy on every call. Those kernels are C compiled to WebAssembly SIMD (the weight
 * gradient, transposes, slices, max-pool and ReLU gradients, the bias add), instantiated
 * with the backend's own memory as their import, so they read and write tensors where
 * they lie: no copy in or out, and no JavaScript loop over the data. They need WebAssembly
 * SIMD, which Node has had on by default since 16.4.
 *
 * The compiled modules are committed (kernels.wasm for the single-threaded build's memory,
 * kernels-shared.wasm for the threaded build's shared memory), so installing deeper needs
 * no C compiler; `native/build.sh` rebuilds them.
 */
import { readFileSync } from 'node:fs';
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The exports of kernels.c; pointers are byte offsets into the wasm backend's heap. */
export interface KernelExports {
  swap_axes_x32(src: number, dst: number, a: number, b: number, c: number, d: number): void;
  max_pool_grad_f32(
    x: number, dy: number, dx: number, inHeight: number, inWidth: number, channels: number,
    outHeight: number, outWidth: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, padTop: number, padLeft: number, tileBegin: number, tileEnd: number): void;
  channel_affine_f32(
    x: number, scale: number, shift: number, out: number, channels: number, terms: number, tileBegin: number, tileEnd: number): void;
  slice4_x32(
    src: number, dst: number, d0: number, d1: number, d2: number, d3: number,
    b0: number, b1: number, b2: number, b3: number, s0: number, s1: number, s2: number, s3: number): void;
  relu_grad_f32(dy: number, x: number, dx: number, size: number, tileBegin: number, tileEnd: number): void;
  conv2d_backprop_filter_f32(
    x: number, dy: number, dw: number, batch: number, inHeight: number, inWidth: number, inChannels: number,
    outHeight: number, outWidth: number, outChannels: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, padTop: number, padLeft: number, tileBegin: number, tileEnd: number): void;
}

/**
 * The part of the WebAssembly JS API used here. Node has it all; TypeScript declares it
 * only in its DOM libraries, which this project does not load.
 */
interface WasmMemory { readonly buffer: ArrayBuffer | SharedArrayBuffer }
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The name of each native kernel. */
export type NativeKernelName = keyof KernelExports;

/** The compiled module for a shared (threaded build) or unshared heap. */
export function nativeKernelBytes(shared: boolean): Uint8Array {
  return readFileSync(new URL(shared ? './native/kernels-shared.wasm' : './native/kernels.wasm', import.meta.url));
}

/** The heap of a wasm backend: the threaded build keeps it on `wasmMemory`, the other exports it. */
export function backendMemory(backend: BackendWasm): WasmMemory {
  const module = backend.wasm as unknown as { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
  const memory = module.wasmMemory ?? module.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error('deeper expects the tfjs wasm backend to expose its WebAssembly.Memory (wasmMemory or asm.memory), but found none: is @tensorflow/tfjs-backend-wasm 4.22?');
  }
  return memory;
}

const instances = new WeakMap<BackendWasm, KernelExports>();

/** The kernels bound to `backend`'s heap, instantiated on first use (synchronously: 4 KB). */
export function nativeKernels(backend: BackendWasm): KernelExports {
  let kernels = instances.get(backend);
  if (!kernels) {
    const memory = backendMemory(backend);
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(nativeKernelBytes(shared)), { env: { memory } });
    kernels = instance.exports as unknown as KernelExports;
    instances.set(backend, kernels);
  }
  return kernels;
}

/** The byte offset of a tensor's data on the wasm heap (deeper's wasm kernels and its Node-API addon both address tensors so). */
export function heapOffset(backend: BackendWasm, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error(`deeper's kernels expect tensor data ${JSON.stringify(info.shape)} on the wasm backend, but it has none there`);
  return data.memoryOffset;
}
