/**
 * The kernels the addon's kernels replace on wasm (deeper's wasm kernels or tfjs's stock
 * ones), saved when the addon's kernel is registered: each addon kernel runs them for the
 * cases it does not take (NCHW, other dtypes, empty tensors, activations it lacks) and
 * whenever the addon is off.
 */
import type * as tf from '@tensorflow/tfjs';
import type { WasmKernelArgs } from '../wasm-kernels/wasm-kernel-scope';

const replaced = new Map<string, tf.KernelConfig>();

/** Records the config that `kernelName` had on wasm before the addon's replaced it. */
export function saveReplacedKernel(kernelName: string, config: tf.KernelConfig): void {
  replaced.set(kernelName, config);
}

/** The config `kernelName` had before the addon's, if one was saved. */
export function replacedKernel(kernelName: string): tf.KernelConfig | undefined {
  return replaced.get(kernelName);
}

/** Runs the replaced kernel. */
export function runReplaced(kernelName: string, args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const config = replaced.get(kernelName);
  if (!config) throw new Error(`deeper's addon kernel ${kernelName} expects the wasm kernel it replaced to be saved, but none was`);
  return config.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
}
