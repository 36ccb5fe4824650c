/**
 * The memory-bound passes of deeper's wasm kernels — ReLU's gradient, the per-channel
 * affine map (bias add, batch norm, per-channel products and differences, repeated rows)
 * and max pooling's gradient — run on the native addon's threads where its kernels are on,
 * else as deeper's WebAssembly on the wasm backend's threads (native-threads.ts). With the
 * addon on, XNNPACK runs on one wasm thread (select-backend.ts), so the WebAssembly versions
 * would run on one thread; the addon's run the same loops on all of its own.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { activeAddon, callAddon } from '../addon-kernels/addon-call';
import { heapView } from '../addon-kernels/addon-heap';
import { runTiled } from './native-threads';

/** dx = dy where x > 0 (x where x is NaN), else 0, over `size` values at the given heap offsets. */
export function reluGradPass(backend: BackendWasm, dy: number, x: number, dx: number, size: number): void {
  if (size <= 0) return;
  const addon = activeAddon('DeeperReluGrad');
  if (addon) callAddon(() => addon.reluGrad(heapView(backend), dy, x, dx, size));
  // Tiles of 2¹⁴ values (RELU_GRAD_TILE in kernels.c), shared across the backend's threads.
  else runTiled(backend, 'relu_grad_f32', [dy, x, dx, size], Math.ceil(size / 2 ** 14), size);
}

/**
 * out[r][c] = x[r][c] · scale[c] + shift[c] over `rows` × `channels`; `terms` 1: scale only, 2:
 * shift only, 3: both, 6: shift repeated into every row (x not read). Unused offsets are not read.
 */
export function channelAffinePass(backend: BackendWasm, x: number, scale: number, shift: number, out: number, rows: number, channels: number, terms: number): void {
  if (rows <= 0 || channels <= 0) return;
  const addon = activeAddon('ChannelAffine');
  if (addon) callAddon(() => addon.channelAffine(heapView(backend), x, scale, shift, out, rows, channels, terms));
  else runTiled(backend, 'channel_affine_f32', [x, scale, shift, out, channels, terms], rows, rows * channels);
}

/** Max pooling's gradient for NHWC `x` (offsets and `geometry` as max_pool_grad_f32 takes them after dx). */
export function maxPoolGradPass(backend: BackendWasm, x: number, dy: number, dx: number, batch: number, geometry: readonly number[]): void {
  if (batch <= 0) return;
  const addon = activeAddon('MaxPoolGrad');
  if (addon) callAddon(() => addon.maxPoolGrad(heapView(backend), x, dy, dx, batch, ...geometry));
  else runTiled(backend, 'max_pool_grad_f32', [x, dy, dx, ...geometry], batch, batch * geometry[0] * geometry[1] * geometry[2]);
}
