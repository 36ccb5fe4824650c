/**
 * Times the three convolution passes on the textbook deep CNN's layers at batch 100 three
 * ways, alternated round by round in one process (this machine is shared): deeper's native
 * addon with its indirect kernels (the default), the addon with im2col + GEMM
 * (`setIndirect(false)`), and the wasm kernels (addon off). One JSON line per layer, pass and
 * way with the median ms and GFLOP/s over rounds, one line per pass and way over all layers,
 * and the addon's FMA-loop peak on as many threads.
 *
 * Run: `node --import tsx packages/core/src/backend/bench-addon-conv.ts [rounds] [repeats]`
 * (DEEPER_WASM_THREADS sets the threads of wasm and of the addon).
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadedAddon, setAddonKernelsEnabled } from './addon-kernels/index';
import { textbookConvLayers } from './bench-conv2d-backprop-filter';
import { releaseBackend, selectBackend } from './select-backend';

export type AddonConvWay = 'addon-indirect' | 'addon-im2col' | 'wasm';
export type ConvPass = 'forward' | 'input-gradient' | 'weight-gradient';
export interface BenchAddonConvLine { layer: string; pass: ConvPass; way: AddonConvWay; ms: number; gflops: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function setWay(way: AddonConvWay): void {
  const addon = loadedAddon();
  if (!addon) throw new Error('bench-addon-conv expects deeper\'s native addon to be loaded (selectBackend(\'wasm\') without DEEPER_NATIVE=0)');
  setAddonKernelsEnabled(way !== 'wasm');
  addon.setIndirect(way !== 'addon-im2col');
}

/** Times every pass of every layer each way, `rounds` alternations of `repeats` calls each. Needs the wasm backend with the addon. */
export function benchAddonConv(rounds = 5, repeats = 3, batch = 100): BenchAddonConvLine[] {
  const ways: AddonConvWay[] = ['addon-indirect', 'addon-im2col', 'wasm'];
  const passes: ConvPass[] = ['forward', 'input-gradient', 'weight-gradient'];
  const layers = textbookConvLayers.map((layer, i) => {
    const xShape: [number, number, number, number] = [batch, ...layer.input];
    const filterShape: [number, number, number, number] = [3, 3, layer.input[2], layer.outChannels];
    const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, 1, 1, layer.pad, undefined, false, 'channelsLast');
    return {
      name: `${layer.input.join('x')}->${layer.outChannels} ${layer.pad}`,
      pad: layer.pad,
      x: tf.randomUniform(xShape, -1, 1, 'float32', 3 * i) as tf.Tensor4D,
      w: tf.randomUniform(filterShape, -1, 1, 'float32', 3 * i + 1) as tf.Tensor4D,
      dy: tf.randomUniform(info.outShape, -1, 1, 'float32', 3 * i + 2) as tf.Tensor4D,
      gflop: (2 * 9 * layer.input[2] * layer.outChannels * batch * info.outHeight * info.outWidth) / 1e9,
    };
  });
  const run = (layer: (typeof layers)[number], pass: ConvPass) => {
    const out = pass === 'forward'
      ? tf.conv2d(layer.x, layer.w, 1, layer.pad)
      : pass === 'input-gradient'
        ? tf.conv2dTranspose(layer.dy, layer.w, layer.x.shape, 1, layer.pad)
        : tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: layer.x, dy: layer.dy }, { strides: [1, 1], pad: layer.pad, dataFormat: 'NHWC', filterShape: layer.w.shape }) as tf.Tensor;
    out.dispose();
  };
  const ms = new Map<string, number[]>();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const way of ways) {
        setWay(way);
        for (const layer of layers) for (const pass of passes) {
          run(layer, pass);
          const started = performance.now();
          for (let i = 0; i < repeats; i++) run(layer, pass);
          const key = `${layer.name}|${pass}|${way}`;
          ms.set(key, [...(ms.get(key) ?? []), (performance.now() - started) / repeats]);
        }
      }
    }
  } finally {
    setWay('addon-indirect');
    tf.dispose(layers.flatMap((l) => [l.x, l.w, l.dy]));
  }
  const lines: BenchAddonConvLine[] = [];
  for (const pass of passes) for (const way of ways) {
    let totalMs = 0;
    let totalGflop = 0;
    for (const layer of layers) {
      const m = median(ms.get(`${layer.name}|${pass}|${way}`)!);
      totalMs += m;
      totalGflop += layer.gflop;
      lines.push({ layer: layer.name, pass, way, ms: Number(m.toFixed(2)), gflops: Number((layer.gflop / (m / 1000)).toPrecision(3)) });
    }
    lines.push({ layer: 'all', pass, way, ms: Number(totalMs.toFixed(2)), gflops: Number((totalGflop / (totalMs / 1000)).toPrecision(3)) });
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await selectBackend('wasm');
  for (const line of benchAddonConv(Number(process.argv[2] ?? 5), Number(process.argv[3] ?? 3))) console.log(JSON.stringify({ ...line, threads: report.threads }));
  console.log(JSON.stringify({ name: 'fma-peak', gflops: Number(((loadedAddon()?.fmaPeak(1) ?? 0) / 1e9).toFixed(1)), threads: report.threads }));
  releaseBackend();
}
