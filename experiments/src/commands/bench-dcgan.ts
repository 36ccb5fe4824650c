/**
 * `deeper bench dcgan [--json] [--batches N] [--rounds N] [--pytorch] [--profile]`: DCGAN
 * training and sampling throughput on the wasm backend for the 28×28 architecture of the
 * TensorFlow DCGAN tutorial (tensorflow.org/tutorials/generative/dcgan):
 *
 *   G  dense 7·7·256 (no bias), BN, LeakyReLU → convT 128 5×5 stride 1, BN, LeakyReLU
 *      → convT 64 5×5 stride 2, BN, LeakyReLU → convT 1 5×5 stride 2, tanh
 *   D  conv 64 5×5 stride 2, LeakyReLU, dropout 0.3 → conv 128 5×5 stride 2, LeakyReLU,
 *      dropout 0.3 → dense 1
 *
 * A training step is @deeper/dcgan's ganStep on 64 real images (random, fixed) and 64 latent
 * points: one Adam update of D, then one of G (Adam 1e-4, the tutorial's), losses read back.
 * Sampling is one G forward pass in inference mode. Lines (images/s, median over timed
 * batches, then over rounds): dcgan-train, dcgan-sample; with --pytorch the same model and
 * step in PyTorch (experiments/bench/dcgan_torch.py), run alternately in each round, and the
 * ratios dcgan-train-vs-pytorch, dcgan-sample-vs-pytorch; with --profile, ms per kernel name
 * of one training step (dcgan-train-kernels), where the transposed convolutions show as
 * Conv2DBackpropInput (forward) and Conv2D / Conv2DBackpropFilter (their gradients).
 * With --native both, every round also times wasm with deeper's native addon kernels off,
 * right after the default (on where the addon loads): dcgan-train / dcgan-sample with
 * backend "wasm, native off" and dcgan-train-native-speedup / dcgan-sample-native-speedup
 * (default ÷ native off, per round).
 * PyTorch's lines carry the BLAS it loaded ("blas"): Debian's python3-torch on the reference
 * BLAS (no libopenblas0 installed) is several times slower than on the OpenBLAS
 * baseline; --torch-blas DIR runs it on the libblas.so.3 in DIR without installing anything.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { batchNormalization, createOptimizer, loadedAddon, selectBackend, setAddonKernelsEnabled } from '@deeper/core';
import { ganStep, type GanPair } from '@deeper/dcgan';
import { intOption } from './gan-options';

export interface BenchDcganOptions {
  batches: number;
  warmup: number;
  batchSize: number;
  threads?: number;
  rounds: number;
  profile: boolean;
  /** Pythons to try for the PyTorch run; undefined: none. */
  pytorch?: string[];
  /** A folder whose libblas.so.3 PyTorch loads (the script's --blas-dir); default: the system's. */
  torchBlas?: string;
  /** Also time every round with deeper's native addon kernels off. Default false. */
  nativeBoth?: boolean;
}

export interface BenchLine { name: string; unit: string; value: number; backend?: string; [extra: string]: unknown }

const torchScript = fileURLToPath(new URL('../../bench/dcgan_torch.py', import.meta.url));

/** The tutorial's generator and discriminator. */
export function tutorialDcgan(seed = 0): { generator: tf.LayersModel; discriminator: tf.LayersModel } {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k + 1 });
  const z = tf.input({ shape: [100] });
  let x = tf.layers.dense({ units: 7 * 7 * 256, useBias: false, kernelInitializer: init(0) }).apply(z) as tf.SymbolicTensor;
  x = batchNormalization().apply(x) as tf.SymbolicTensor;
  x = tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [7, 7, 256] }).apply(x) as tf.SymbolicTensor;
  for (const [filters, strides, k] of [[128, 1, 1], [64, 2, 2]]) {
    x = tf.layers.conv2dTranspose({ filters, kernelSize: 5, strides, padding: 'same', useBias: false, kernelInitializer: init(k) }).apply(x) as tf.SymbolicTensor;
    x = batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.leakyReLU({ alpha: 0.3 }).apply(x) as tf.SymbolicTensor;
  }
  const image = tf.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', useBias: false, activation: 'tanh', kernelInitializer: init(3) }).apply(x) as tf.SymbolicTensor;
  const input = tf.input({ shape: [28, 28, 1] });
  let y: tf.SymbolicTensor = input;
  for (const [filters, k] of [[64, 4], [128, 5]]) {
    y = tf.layers.conv2d({ filters, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: init(k) }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.leakyReLU({ alpha: 0.3 }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.dropout({ rate: 0.3 }).apply(y) as tf.SymbolicTensor;
  }
  y = tf.layers.flatten().apply(y) as tf.SymbolicTensor;
  const logit = tf.layers.dense({ units: 1, kernelInitializer: init(6) }).apply(y) as tf.SymbolicTensor;
  return { generator: tf.model({ inputs: z, outputs: image }), discriminator: tf.model({ inputs: input, outputs: logit }) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function trainer(batchSize: number) {
  const { generator, discriminator } = tutorialDcgan();
  const adam = () => createOptimizer({ name: 'adam', learningRate: 1e-4 });
  const pair: GanPair = { generator, discriminator, generatorOptimizer: adam(), discriminatorOptimizer: adam() };
  const real = tf.randomUniform([batchSize, 28, 28, 1], -1, 1, 'float32', 1);
  let k = 0;
  return {
    train() {
      const z = tf.randomNormal([batchSize, 100], 0, 1, 'float32', ++k);
      ganStep(pair, real, z);
      z.dispose();
    },
    sample() {
      tf.tidy(() => (generator.predict(tf.randomNormal([batchSize, 100], 0, 1, 'float32', ++k), { batchSize }) as tf.Tensor).dataSync());
    },
    dispose() {
      real.dispose();
      pair.generatorOptimizer.dispose();
      pair.discriminatorOptimizer.dispose();
      generator.dispose();
      discriminator.dispose();
    },
  };
}

function timeWasm(o: BenchDcganOptions): { train: number; sample: number } {
  const t = trainer(o.batchSize);
  try {
    const time = (f: () => void) => {
      const seconds: number[] = [];
      for (let i = 0; i < o.warmup + o.batches; i++) {
        const t0 = performance.now();
        f();
        if (i >= o.warmup) seconds.push((performance.now() - t0) / 1000);
      }
      return o.batchSize / median(seconds);
    };
    return { train: time(() => t.train()), sample: time(() => t.sample()) };
  } finally {
    t.dispose();
  }
}

function runTorch(o: BenchDcganOptions, threads: number): BenchLine[] {
  const python = (o.pytorch ?? []).find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!python) throw new Error(`deeper bench dcgan --pytorch expects a Python with PyTorch among ${(o.pytorch ?? []).join(', ')}, but none imports torch (Debian: apt-get install python3-torch; or name one with --python)`);
  const run = spawnSync(python, [torchScript, '--threads', String(threads), '--batches', String(o.batches), '--warmup', String(o.warmup), '--batch-size', String(o.batchSize), ...(o.torchBlas ? ['--blas-dir', o.torchBlas] : [])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`deeper bench dcgan --pytorch: ${python} ${torchScript} exited with ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  // The script warns on stderr when PyTorch runs on the reference BLAS rather than OpenBLAS.
  for (const line of run.stderr.split('\n')) if (line.startsWith('dcgan_torch.py:')) console.error(`deeper bench dcgan --pytorch: ${line}`);
  return run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as BenchLine);
}

/** Runs the benchmark; `emit` receives each line as it is measured. */
export async function benchDcgan(o: BenchDcganOptions, emit: (line: BenchLine) => void): Promise<void> {
  const report = await selectBackend('wasm', { threads: o.threads, quiet: true });
  const threads = report.threads ?? o.threads ?? 1;
  if (o.nativeBoth && !loadedAddon()) throw new Error(`deeper bench dcgan --native both: expected deeper's native addon to load, but ${report.reason}`);
  const rounds: { wasm: { train: number; sample: number }; off?: { train: number; sample: number }; torch?: BenchLine[] }[] = [];
  // Rounds alternate wasm and PyTorch so both see the same share of a busy machine.
  for (let r = 0; r < o.rounds; r++) {
    const wasm = timeWasm(o);
    let off: { train: number; sample: number } | undefined;
    if (o.nativeBoth) {
      setAddonKernelsEnabled(false);
      try {
        off = timeWasm(o);
      } finally {
        setAddonKernelsEnabled(true);
      }
    }
    rounds.push({ wasm, off, torch: o.pytorch ? runTorch(o, threads) : undefined });
  }
  const common = { batch: o.batchSize, threads, batches: o.batches, warmup: o.warmup, rounds: o.rounds };
  const per = (values: number[]) => (o.rounds > 1 ? { perRound: values.map((v) => round(v)) } : {});
  for (const key of ['train', 'sample'] as const) {
    const values = rounds.map((r) => r.wasm[key]);
    emit({ name: `dcgan-${key}`, backend: 'wasm', unit: 'images/s', value: round(median(values)), ...common, ...per(values) });
  }
  if (o.nativeBoth) {
    for (const key of ['train', 'sample'] as const) {
      const values = rounds.map((r) => r.off![key]);
      emit({ name: `dcgan-${key}`, backend: 'wasm, native off', unit: 'images/s', value: round(median(values)), ...common, ...per(values) });
      const ratios = rounds.map((r) => r.wasm[key] / r.off![key]);
      emit({ name: `dcgan-${key}-native-speedup`, backend: 'wasm/wasm, native off', unit: 'ratio', value: round(median(ratios), 3), batch: o.batchSize, threads, rounds: o.rounds, ...(o.rounds > 1 ? { perRound: ratios.map((v) => round(v, 3)) } : {}) });
    }
  }
  if (o.pytorch) {
    const torchValue = (r: (typeof rounds)[number], name: string) => r.torch!.find((l) => l.name === name)!.value;
    for (const key of ['train', 'sample'] as const) {
      const values = rounds.map((r) => torchValue(r, `dcgan-${key}`));
      emit({ name: `dcgan-${key}`, backend: 'pytorch-cpu', unit: 'images/s', value: round(median(values)), ...common, torch: rounds[0].torch![0].torch, blas: rounds[0].torch![0].blas, ...per(values) });
      const ratios = rounds.map((r) => r.wasm[key] / torchValue(r, `dcgan-${key}`));
      emit({ name: `dcgan-${key}-vs-pytorch`, backend: 'wasm/pytorch-cpu', unit: 'ratio', value: round(median(ratios), 3), batch: o.batchSize, threads, rounds: o.rounds, ...(o.rounds > 1 ? { perRound: ratios.map((v) => round(v, 3)) } : {}) });
    }
  }
  if (o.profile) {
    const t = trainer(o.batchSize);
    try {
      for (let i = 0; i < o.warmup; i++) t.train();
      const byKernel = new Map<string, number>();
      let stepMs = 0;
      for (let i = 0; i < o.batches; i++) {
        const t0 = performance.now();
        const info = await tf.profile(() => t.train());
        stepMs += performance.now() - t0;
        for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
      }
      const sorted = [...byKernel].sort((a, b) => b[1] - a[1]).map(([name, ms]) => [name, round(ms / o.batches, 1)] as const);
      emit({ name: 'dcgan-train-kernels', backend: 'wasm', unit: 'ms', value: round(sorted.reduce((s, [, ms]) => s + ms, 0), 1), stepMs: round(stepMs / o.batches, 1), batch: o.batchSize, threads, byKernel: Object.fromEntries(sorted) });
    } finally {
      t.dispose();
    }
  }
}

function nativeBothOption(value: unknown): boolean {
  if (value === undefined) return false;
  if (value === 'both') return true;
  throw new Error(`deeper bench dcgan expects --native to be both, but received ${JSON.stringify(value)}`);
}

export function register(bench: Command): void {
  bench
    .command('dcgan')
    .description('DCGAN (TensorFlow tutorial, 28×28) training and sampling images/s on wasm, optionally against PyTorch')
    .option('--json', 'print JSON lines (default: readable lines)')
    .option('--batches <n>', 'timed batches', '5')
    .option('--warmup <n>', 'untimed batches first', '2')
    .option('--batch-size <n>', 'real images per step', '64')
    .option('--threads <n>', 'wasm threads (default: selectBackend\'s)')
    .option('--rounds <n>', 'rounds of wasm (and PyTorch) measurements, alternating; medians are reported', '1')
    .option('--profile', 'also time one training step by kernel name')
    .option('--pytorch', 'also run the same model and step on PyTorch (experiments/bench/dcgan_torch.py) and print wasm ÷ PyTorch')
    .option('--native <mode>', "'both': also time every round with deeper's native addon kernels off (default: only as selectBackend loads them)")
    .option('--torch-blas <dir>', 'a folder whose libblas.so.3 PyTorch loads, e.g. an unpacked libopenblas0-pthread (default: the system\'s; see experiments/bench/dcgan_torch.py)')
    .option('--python <cmd>', 'the Python for --pytorch (default: python3, then /usr/bin/python3, whichever imports torch)')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const who = 'deeper bench dcgan';
      await benchDcgan({
        batches: intOption(who, '--batches', opts.batches),
        warmup: intOption(who, '--warmup', opts.warmup, 0),
        batchSize: intOption(who, '--batch-size', opts.batchSize),
        threads: opts.threads === undefined ? undefined : intOption(who, '--threads', opts.threads),
        rounds: intOption(who, '--rounds', opts.rounds),
        profile: opts.profile === true,
        nativeBoth: nativeBothOption(opts.native),
        torchBlas: typeof opts.torchBlas === 'string' ? opts.torchBlas : undefined,
        pytorch: opts.pytorch || opts.python || opts.torchBlas ? (typeof opts.python === 'string' ? [opts.python] : ['python3', '/usr/bin/python3']) : undefined,
      }, (line) => {
        if (opts.json) console.log(JSON.stringify(line));
        else console.log(`${line.name.padEnd(24)} ${String(line.backend ?? '').padEnd(16)} ${String(line.value).padStart(10)} ${line.unit}`);
      });
    });
}
