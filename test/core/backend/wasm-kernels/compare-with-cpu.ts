/**
 * Shared by the wasm kernel tests: runs the same kernel on wasm (with deeper's kernels)
 * and on the cpu backend and measures how far apart they are, and checks that a kernel
 * leaves neither tensors nor wasm data behind.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../../packages/core/src/backend/select-backend';

/**
 * Loads wasm with deeper's kernels, quietly. These files test deeper's wasm kernels, so the
 * native addon's kernels, which replace some of them where the addon loads, stay off here
 * (they have their own tests, test/core/backend/native-*).
 */
export async function useWasm(): Promise<void> {
  process.env.DEEPER_NATIVE = '0';
  await selectBackend('wasm', { quiet: true, threads: 1 });
}

/** Deterministic pseudo-random values in [-1, 1) (a 32-bit LCG), so both backends see the same inputs. */
export function values(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let state = (seed * 2654435761) >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

export type Inputs = Record<string, { shape: number[]; data: Float32Array | Int32Array; dtype?: 'float32' | 'int32' }>;

function runOn(backend: string, kernel: string, inputs: Inputs, attrs: Record<string, unknown>): Float32Array[] {
  tf.setBackend(backend);
  const made = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.data, v.shape, v.dtype ?? 'float32')]));
  const out = tf.engine().runKernel(kernel, made, attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
  const outs = Array.isArray(out) ? out : [out];
  const data = outs.map((t) => Float32Array.from(t.dataSync() as Float32Array));
  const shapes = outs.map((t) => t.shape.join('x'));
  tf.dispose([...Object.values(made), ...outs]);
  (data as Float32Array[] & { shapes?: string[] }).shapes = shapes;
  return data;
}

/** max |wasm − cpu| / max |cpu| over every output, after checking the output shapes agree. */
export function relativeError(kernel: string, inputs: Inputs, attrs: Record<string, unknown>): number {
  const onWasm = runOn('wasm', kernel, inputs, attrs);
  const onCpu = runOn('cpu', kernel, inputs, attrs);
  tf.setBackend('wasm');
  const shapesW = (onWasm as Float32Array[] & { shapes?: string[] }).shapes?.join();
  const shapesC = (onCpu as Float32Array[] & { shapes?: string[] }).shapes?.join();
  if (shapesW !== shapesC) throw new Error(`${kernel}: wasm output shape ${shapesW} differs from cpu ${shapesC}`);
  let diff = 0;
  let scale = 0;
  onWasm.forEach((w, k) => {
    const c = onCpu[k];
    for (let i = 0; i < c.length; i++) {
      diff = Math.max(diff, Math.abs(w[i] - c[i]));
      scale = Math.max(scale, Math.abs(c[i]));
    }
  });
  return diff / (scale || 1);
}

/** Tensors, wasm data ids and wasm heap bytes: each must stay put across repeated kernel calls. */
export function wasmFootprint(): { tensors: number; dataIds: number; heapBytes: number } {
  const backend = tf.engine().findBackend('wasm') as unknown as { numDataIds(): number; wasm: { HEAPU8: Uint8Array } };
  return { tensors: tf.memory().numTensors, dataIds: backend.numDataIds(), heapBytes: backend.wasm.HEAPU8.length };
}

/** Runs `body` a few times to warm up, then checks that more runs leak nothing on wasm. */
export function leaksOnWasm(body: () => void): string | undefined {
  tf.setBackend('wasm');
  for (let i = 0; i < 3; i++) body();
  const before = wasmFootprint();
  for (let i = 0; i < 5; i++) body();
  const after = wasmFootprint();
  if (before.tensors !== after.tensors) return `tensors ${before.tensors} → ${after.tensors}`;
  if (before.dataIds !== after.dataIds) return `wasm data ids ${before.dataIds} → ${after.dataIds}`;
  if (before.heapBytes !== after.heapBytes) return `wasm heap ${before.heapBytes} → ${after.heapBytes} bytes`;
  return undefined;
}

/** Runs kernel `name` on wasm with inputs made from `inputs` and disposes everything. */
export function runKernelOnWasm(kernel: string, inputs: Inputs, attrs: Record<string, unknown>): void {
  runOn('wasm', kernel, inputs, attrs);
}

/** The stride, padding, kernel-size, odd-size, batch and channel grid the conv kernels are checked over. */
export function convCases(): { batch: number; height: number; width: number; inChannels: number; outChannels: number; kernel: number; stride: number; pad: 'same' | 'valid' }[] {
  const cases = [];
  for (const stride of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const kernel of [1, 3, 5]) {
        for (const [batch, inChannels, outChannels] of [[1, 1, 1], [3, 2, 4]]) {
          cases.push({ batch, height: 9, width: 7 + stride, inChannels, outChannels, kernel, stride, pad });
        }
      }
    }
  }
  return cases;
}

/**
 * Reference for dilated depthwise gradients. The cpu backend's depthwise backprop kernels
 * ignore `dilations` (tfjs's gradients refuse dilation > 1, so nothing exercises them), so
 * the reference is the cpu gradient through an undilated filter with d − 1 zeros inserted
 * between taps: the same convolution. Returns [dx, dW] for x, the filter and dy given.
 */
export function dilatedDepthwiseReference(
  x: tf.Tensor4D, filter: tf.Tensor4D, dy: tf.Tensor4D, dilation: number, pad: 'same' | 'valid',
): [Float32Array, Float32Array] {
  tf.setBackend('cpu');
  const [k, , c, m] = filter.shape;
  const span = (k - 1) * dilation + 1;
  const result = tf.tidy(() => {
    const f = tf.tensor(filter.dataSync(), filter.shape) as tf.Tensor4D;
    const spread = tf.buffer([span, span, c, m]);
    const fv = f.bufferSync();
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) for (let a = 0; a < c; a++) for (let b = 0; b < m; b++) {
      spread.set(fv.get(i, j, a, b), i * dilation, j * dilation, a, b);
    }
    const xs = tf.tensor(x.dataSync(), x.shape) as tf.Tensor4D;
    const dys = tf.tensor(dy.dataSync(), dy.shape) as tf.Tensor4D;
    const [dx, dSpread] = tf.grads((xx: tf.Tensor, ff: tf.Tensor) =>
      tf.depthwiseConv2d(xx as tf.Tensor4D, ff as tf.Tensor4D, 1, pad).mul(dys).sum())([xs, spread.toTensor()]);
    const dW = tf.stridedSlice(dSpread, [0, 0, 0, 0], [span, span, c, m], [dilation, dilation, 1, 1]);
    return [dx, dW];
  });
  const out: [Float32Array, Float32Array] = [Float32Array.from(result[0].dataSync()), Float32Array.from(result[1].dataSync())];
  tf.dispose(result);
  tf.setBackend('wasm');
  return out;
}

/** max |a − b| / max |b|. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / (scale || 1);
}
