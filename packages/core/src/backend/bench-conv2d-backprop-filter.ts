/**
 * Times the two ways deeper computes a convolution's weight gradient on wasm, on the
 * textbook deep CNN's layers at batch 100: the native kernel (the default where output
 * channels are a multiple of 4) and the XNNPACK composition (the fallback). Every call gets
 * a fresh dy, as in training (a reused one would hit XNNPACK's packing cache). One JSON
 * line per layer and way: median ms and GFLOP/s.
 *
 * Run: `node --import tsx packages/core/src/backend/bench-conv2d-backprop-filter.ts [repeats]`
 * (DEEPER_WASM_THREADS sets wasm threads).
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { releaseBackend, selectBackend } from './select-backend';
import { conv2dBackpropFilterComposed, conv2dBackpropFilterNative } from './wasm-kernels/conv2d-backprop-filter';

/** The textbook CNN's convolutions: input [H, W, Ci], output channels, padding. */
export const textbookConvLayers: { input: [number, number, number]; outChannels: number; pad: 'same' | 'valid' }[] = [
  { input: [28, 28, 1], outChannels: 16, pad: 'same' },
  { input: [28, 28, 16], outChannels: 16, pad: 'same' },
  { input: [14, 14, 16], outChannels: 32, pad: 'same' },
  { input: [18, 18, 32], outChannels: 32, pad: 'valid' },
  { input: [8, 8, 32], outChannels: 64, pad: 'same' },
  { input: [8, 8, 64], outChannels: 64, pad: 'same' },
];

/** One timing: a layer, a way, its median time and rate. */
export interface BenchConv2dBackpropFilterLine { layer: string; way: 'native' | 'xnnpack-composition'; ms: number; gflops: number }

/** Times both ways on every layer, `repeats` calls each after one untimed call. Needs the wasm backend selected. */
export function benchConv2dBackpropFilter(repeats = 7, batch = 100): BenchConv2dBackpropFilterLine[] {
  const backend = tf.backend() as BackendWasm;
  const lines: BenchConv2dBackpropFilterLine[] = [];
  let seed = 0;
  for (const layer of textbookConvLayers) {
    const xShape: [number, number, number, number] = [batch, ...layer.input];
    const info = tf.backend_util.computeConv2DInfo(xShape, [3, 3, layer.input[2], layer.outChannels], 1, 1, layer.pad, undefined, false, 'channelsLast');
    const x = tf.randomUniform(xShape, -1, 1, 'float32', seed++);
    const gflop = (2 * 9 * layer.input[2] * layer.outChannels * batch * info.outHeight * info.outWidth) / 1e9;
    for (const way of ['native', 'xnnpack-composition'] as const) {
      const ms: number[] = [];
      for (let i = 0; i <= repeats; i++) {
        const dy = tf.randomUniform(info.outShape, -1, 1, 'float32', seed++);
        const infos = [x, dy].map((t) => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }));
        const started = performance.now();
        const dW = way === 'native'
          ? conv2dBackpropFilterNative(backend, infos[0], infos[1], info)
          : conv2dBackpropFilterComposed(backend, infos[0], infos[1], info);
        if (i > 0) ms.push(performance.now() - started);
        backend.disposeData(dW.dataId);
        dy.dispose();
      }
      const median = [...ms].sort((a, b) => a - b)[ms.length >> 1];
      lines.push({ layer: `${layer.input.join('x')}->${layer.outChannels} ${layer.pad}`, way, ms: Number(median.toFixed(2)), gflops: Number((gflop / (median / 1000)).toPrecision(3)) });
    }
    x.dispose();
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await selectBackend('wasm');
  for (const line of benchConv2dBackpropFilter(Number(process.argv[2] ?? 7))) console.log(JSON.stringify({ ...line, threads: report.threads }));
  releaseBackend();
}
