/**
 * The generic fallback for rare kernels: copy the inputs off the wasm heap, run the cpu
 * backend's kernel, copy the outputs back. Correct for any kernel the cpu backend has,
 * but it pays two copies and runs tfjs's plain-JS loops, so deeper uses it only where a
 * composed kernel cannot serve: `Conv2DBackpropFilter` and `Conv2DBackpropInput` in NCHW
 * layout, and `UnsortedSegmentSum` on int32 data (XNNPACK's matmul is float32-only).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { WasmKernelArgs } from './wasm-kernel-scope';

/** Runs kernel `name` of the cpu backend on wasm-resident inputs; outputs land on wasm. */
export function runOnCpu(name: string, args: WasmKernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const cpuKernel = tf.getKernel(name, 'cpu');
  const cpu = tf.findBackend('cpu');
  if (!cpuKernel || !cpu) {
    throw new Error(`deeper's wasm fallback expects the cpu backend to have kernel ${name}, but it has none`);
  }
  const wasm: BackendWasm = args.backend;
  const made: tf.TensorInfo[] = [];
  try {
    const inputs: tf.NamedTensorInfoMap = {};
    for (const [key, info] of Object.entries(args.inputs)) {
      if (!info) continue;
      const values = wasm.readSync(info.dataId) as tf.backend_util.BackendValues;
      const copy = { dataId: cpu.write(values, info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
      made.push(copy);
      inputs[key] = copy;
    }
    const out = cpuKernel.kernelFunc({ inputs, backend: cpu, attrs: args.attrs as tf.NamedAttrMap });
    const outs = Array.isArray(out) ? out : [out];
    made.push(...outs);
    const results = outs.map((o) => wasm.makeOutput(o.shape, o.dtype, undefined, cpu.readSync(o.dataId) as tf.backend_util.BackendValues));
    return Array.isArray(out) ? results : results[0];
  } finally {
    for (const info of made) cpu.disposeData(info.dataId, true);
  }
}
