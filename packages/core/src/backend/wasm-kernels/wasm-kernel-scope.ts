/**
 * The plumbing every composed wasm kernel shares: calling the wasm backend's own kernels
 * by name from inside a kernel, and freeing the intermediate results they make.
 *
 * A kernel runs below the engine, so its intermediates are not tensors and `tf.tidy` cannot
 * see them: each one is a `TensorInfo` whose memory lives on the wasm heap until
 * `backend.disposeData` frees it. `WasmKernelScope` records every result it hands out and
 * frees all of them except the one the kernel returns.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** A kernel body as the engine calls it. */
export type WasmKernelArgs = {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: BackendWasm;
  attrs: Record<string, unknown>;
};

/**
 * The stock wasm kernels that deeper replaces, saved before replacing them so that the
 * replacements can still call them (`BatchMatMul` without transposes is the fast path).
 */
const stockKernels = new Map<string, tf.KernelConfig>();

/** Saves the stock wasm kernel `name` (once) so a replacement can call it. */
export function saveStockWasmKernel(name: string): tf.KernelConfig | undefined {
  if (!stockKernels.has(name)) {
    const config = tf.getKernel(name, 'wasm');
    if (config) stockKernels.set(name, config);
  }
  return stockKernels.get(name);
}

/**
 * Runs the stock wasm kernel `name` (saved before deeper replaced it) with `args`: what a
 * replacement does with the cases it leaves to tfjs.
 */
export function runStockKernel(name: string, args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const stock = saveStockWasmKernel(name);
  if (!stock) throw new Error(`deeper expects the wasm backend to have a ${name} kernel, but it has none`);
  return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
}

/** The wasm kernel `name`: the saved stock one if deeper replaced it, else the registered one. */
function findWasmKernel(name: string): tf.KernelConfig {
  const config = stockKernels.get(name) ?? tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`deeper's wasm kernels expect the wasm backend to have kernel ${name}, but it has none`);
  return config;
}

/** Runs wasm kernels by name and frees their results when the composing kernel is done. */
export class WasmKernelScope {
  private readonly made: tf.TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  /** Runs the wasm kernel `name` and records its (single) output for disposal. */
  run(name: string, inputs: Record<string, tf.TensorInfo | undefined>, attrs: Record<string, unknown> = {}): tf.TensorInfo {
    const kernel = findWasmKernel(name);
    const out = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs: attrs as tf.NamedAttrMap });
    const info = Array.isArray(out) ? out[0] : out;
    this.made.push(info);
    return info;
  }

  /** Runs a wasm kernel with several outputs and records all of them for disposal. */
  runMany(name: string, inputs: Record<string, tf.TensorInfo | undefined>, attrs: Record<string, unknown> = {}): tf.TensorInfo[] {
    const kernel = findWasmKernel(name);
    const out = kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: this.backend, attrs: attrs as tf.NamedAttrMap });
    const infos = Array.isArray(out) ? out : [out];
    this.made.push(...infos);
    return infos;
  }

  /** Reshapes without copying (wasm's Reshape shares the data and counts a reference). */
  reshape(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** A small int32 tensor written straight into the wasm heap (e.g. gather indices). */
  int32(values: number[], shape: number[] = [values.length]): tf.TensorInfo {
    const info = this.backend.makeOutput(shape, 'int32');
    this.backend.typedArrayFromHeap(info).set(values);
    this.made.push(info);
    return info;
  }

  /** A fresh float32 tensor on the wasm heap, for a kernel to fill in place. */
  output(shape: number[]): tf.TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.made.push(info);
    return info;
  }

  transpose(x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Keeps rows [0, size) of each axis where `size` is given, dropping the rest. */
  crop(x: tf.TensorInfo, size: number[]): tf.TensorInfo {
    if (size.every((n, i) => n === x.shape[i])) return x;
    return this.run('Slice', { x }, { begin: size.map(() => 0), size });
  }

  /**
   * Zero-upsamples an NHWC tensor by the strides: [B, H, W, C] → [B, H·sh, W·sw, C] with each
   * value followed by sh − 1 rows and sw − 1 columns of zeros. Done as a reshape to rank 6
   * and one XNNPACK constant pad, so no JS loop touches the data.
   */
  upsample(x: tf.TensorInfo, strideHeight: number, strideWidth: number): tf.TensorInfo {
    if (strideHeight === 1 && strideWidth === 1) return x;
    const [b, h, w, c] = x.shape;
    const x6 = this.reshape(x, [b, h, 1, w, 1, c]);
    const padded = this.run('PadV2', { x: x6 }, {
      paddings: [[0, 0], [0, 0], [0, strideHeight - 1], [0, 0], [0, strideWidth - 1], [0, 0]],
      constantValue: 0,
    });
    return this.reshape(padded, [b, h * strideHeight, w * strideWidth, c]);
  }

  /** Frees every recorded result except `keep`, then returns `keep`. */
  finish(keep: tf.TensorInfo): tf.TensorInfo {
    for (const info of this.made) {
      if (info !== keep) this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
    return keep;
  }

  /** Frees every recorded result (on an error path). */
  dispose(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId);
    this.made.length = 0;
  }
}

/** Runs `body` in a fresh scope; frees intermediates on success and on error. */
export function withWasmScope(backend: BackendWasm, body: (scope: WasmKernelScope) => tf.TensorInfo): tf.TensorInfo {
  const scope = new WasmKernelScope(backend);
  try {
    return scope.finish(body(scope));
  } catch (error) {
    scope.dispose();
    throw error;
  }
}
