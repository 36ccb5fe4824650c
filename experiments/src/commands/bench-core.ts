/**
 * `deeper bench core [--json] [--batches N] [--threads N] …`: training and inference
 * throughput of the textbook deep CNN (@deeper/classify deepCnn) on wasm (XNNPACK plus
 * deeper's training kernels, through selectBackend) and on tfjs's plain cpu backend.
 * One JSON object per line:
 *
 *   deep-cnn-train / deep-cnn-infer   samples/s, per backend, with batch, threads, batches
 *   deep-cnn-train-speedup            wasm ÷ cpu training samples/s
 *   rss-mb                            peak resident memory after the wasm runs (batch --batch-size)
 *   tensors-constant                  whether tf.memory().numTensors stayed the same after every step
 *   with --profile: deep-cnn-train-step (ms a profiled step) and deep-cnn-train-kernels
 *   (ms of kernels a step, with byKernel: ms per kernel name)
 *   with --pytorch: the same model trained and run by PyTorch on the cpu with as many
 *   threads (experiments/bench/textbook_cnn_torch.py), backend "pytorch-cpu", and
 *   deep-cnn-train-vs-pytorch / deep-cnn-infer-vs-pytorch, wasm ÷ PyTorch in the same run
 *   with --native both: every round times wasm with deeper's native addon kernels
 *   (backend "wasm+native") and without ("wasm"), alternating with PyTorch, and adds
 *   deep-cnn-train-native-speedup (wasm+native ÷ wasm, per round), per-kernel GFLOP/s of
 *   both from profiled steps (deep-cnn-kernel-gflops: floating-point work of each
 *   Conv2D, Conv2DBackpropInput, Conv2DBackpropFilter and matmul call from its shapes,
 *   over its profiled time) and cpu-fp32-peak (the addon's FMA throughput loop on as many
 *   threads, and the nominal figure from the clock)
 *   with --native ablate: as both, and every round also times a step with each native
 *   kernel alone turned off: deep-cnn-train-native-kernel-gain, per kernel, is samples/s
 *   with all native kernels ÷ samples/s without that one (> 1: the kernel wins the step)
 *
 * A training step is one Adam update on random 28×28 inputs and labels (forward, backward,
 * update, loss read back), the work `fit` does per minibatch minus copying the minibatch.
 * Inference predicts the whole batch at once (`predict`'s default would split it into 32s).
 * Warm-up batches are not timed; the value is the median of the timed ones. The cpu
 * backend needs minutes per batch of 100, so it runs `--cpu-batches` (default 1) batches
 * of `--cpu-batch-size` (default 10) and the line records that batch size.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { addonKernels, loadedAddon, resolveSelectBackendOptions, selectBackend, setAddonKernelsEnabled, setAddonPath, type AddonPath } from '@deeper/core';
import { readFileSync } from 'node:fs';
import { deepCnn } from '@deeper/classify';
import { classifierTrainer } from './classifier-trainer';
import { parseIntegerOption } from './envs-rollout';

export interface BenchCoreOptions {
  /** Timed batches on wasm. */
  batches: number;
  /** Untimed batches first on wasm (XNNPACK operator setup). */
  warmup: number;
  /** Samples per wasm batch; 100 is the textbook minibatch. */
  batchSize: number;
  /** wasm threads; undefined: selectBackend's default (DEEPER_WASM_THREADS, else 2 on ≥ 2 cores). */
  threads?: number;
  /** Samples per cpu batch. */
  cpuBatchSize: number;
  /** Timed cpu batches (no warm-up: one batch already takes minutes at size 100). */
  cpuBatches: number;
  /** Skip the cpu measurement (and the speedup). */
  skipCpu: boolean;
  /** Measurement rounds on wasm (and PyTorch, alternating); figures are medians over rounds. */
  rounds: number;
  /** Also profile `batches` wasm training steps by kernel (deep-cnn-train-step, deep-cnn-train-kernels). */
  profile?: boolean;
  /**
   * Python interpreters to try, in order, for the PyTorch reference run; the first that
   * imports torch runs it. Undefined: no PyTorch run.
   */
  pytorch?: string[];
  /**
   * deeper's native addon kernels: 'on', 'off' (the wasm kernels), 'both', alternated in
   * every round, or 'ablate': both, plus each native kernel turned off alone. Default: 'on' where the addon loads (selectBackend's default), else 'off'.
   */
  native?: 'on' | 'off' | 'both' | 'ablate';
  /**
   * The addon's micro-kernels to time: 'avx512', 'avx2' or 'portable' (the addon's own
   * choice is the best this CPU has). For timing the paths other CPUs run.
   */
  nativePath?: AddonPath;
}

/** The PyTorch twin of this benchmark. */
const torchScript = fileURLToPath(new URL('../../bench/textbook_cnn_torch.py', import.meta.url));

/** The first interpreter in `candidates` that can import torch. */
function findTorchPython(candidates: string[]): string | undefined {
  return candidates.find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

/** Runs the PyTorch reference with the same batch, batches, warm-up and threads; its JSON lines. */
function runTorchReference(o: BenchCoreOptions, threads: number): BenchCoreLine[] {
  const candidates = o.pytorch ?? [];
  const python = findTorchPython(candidates);
  if (!python) {
    throw new Error(`deeper bench core --pytorch: expected a Python with PyTorch among ${candidates.join(', ')}, but none imports torch (Debian: apt-get install python3-torch; or name one with --python)`);
  }
  const run = spawnSync(python, [torchScript, '--threads', String(threads), '--batches', String(o.batches),
    '--warmup', String(o.warmup), '--batch-size', String(o.batchSize)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`deeper bench core --pytorch: ${python} ${torchScript} exited with ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as BenchCoreLine);
}

export interface BenchCoreLine {
  name: string;
  unit: string;
  value: number | boolean;
  backend?: string;
  [extra: string]: unknown;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

interface BackendTiming { train: number; infer: number; tensorsConstant: boolean; tensorCounts: number[] }

/** The benchmark's model, optimizer and one fixed random minibatch; `step` is one training step. */
const deepCnnTrainer = (batchSize: number) => classifierTrainer(deepCnn({ seed: 0 }), batchSize);

/** Times `warmup + batches` training steps and as many inference passes on the current backend. */
function timeDeepCnn(batchSize: number, warmup: number, batches: number): BackendTiming {
  const trainer = deepCnnTrainer(batchSize);
  try {
    const trainSeconds: number[] = [];
    const tensorCounts: number[] = [];
    for (let i = 0; i < warmup + batches; i++) {
      const t0 = performance.now();
      trainer.step();
      if (i >= warmup) trainSeconds.push((performance.now() - t0) / 1000);
      tensorCounts.push(tf.memory().numTensors);
    }
    const inferSeconds: number[] = [];
    for (let i = 0; i < warmup + batches; i++) {
      const t0 = performance.now();
      const p = trainer.model.predict(trainer.x, { batchSize }) as tf.Tensor;
      p.dataSync();
      p.dispose();
      if (i >= warmup) inferSeconds.push((performance.now() - t0) / 1000);
    }
    // The first step creates Adam's slots; from the second on the count must not move.
    const steady = tensorCounts.slice(1);
    return {
      train: batchSize / median(trainSeconds),
      infer: batchSize / median(inferSeconds),
      tensorsConstant: steady.every((n) => n === steady[0]),
      tensorCounts,
    };
  } finally {
    trainer.dispose();
  }
}

/**
 * Where a training step's time goes: `tf.profile` over `batches` steps (after `warmup`),
 * each kernel's time summed by kernel name, per step. Profiling adds a little time of its own.
 */
async function profileDeepCnn(batchSize: number, warmup: number, batches: number): Promise<{ stepMs: number; kernelMs: number; byKernel: Record<string, number> }> {
  const trainer = deepCnnTrainer(batchSize);
  try {
    for (let i = 0; i < warmup; i++) trainer.step();
    const byKernel = new Map<string, number>();
    let stepMs = 0;
    for (let i = 0; i < batches; i++) {
      const t0 = performance.now();
      const info = await tf.profile(() => trainer.step());
      stepMs += performance.now() - t0;
      for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
    }
    const sorted = [...byKernel].sort((a, b) => b[1] - a[1]).map(([name, ms]) => [name, round(ms / batches, 2)] as const);
    return { stepMs: stepMs / batches, kernelMs: sorted.reduce((sum, [, ms]) => sum + ms, 0), byKernel: Object.fromEntries(sorted) };
  } finally {
    trainer.dispose();
  }
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Floating-point operations of one call of a convolution or matmul kernel, from its input and output shapes (multiply-add = 2). */
export function kernelFlops(name: string, inputShapes: number[][], outputShapes: number[][]): number | undefined {
  const size = (shape: number[] | undefined) => (shape ?? []).reduce((a, b) => a * b, 1);
  if (name === 'Conv2D' || name === 'FusedConv2D') {
    const [kh, kw, ci] = inputShapes[1];
    return 2 * size(outputShapes[0]) * kh * kw * ci;
  }
  if (name === 'Conv2DBackpropInput') {
    const [kh, kw, ci] = inputShapes[1];
    return 2 * size(inputShapes[0]) * kh * kw * ci;
  }
  if (name === 'Conv2DBackpropFilter') {
    const dw = outputShapes[0];
    return 2 * size(inputShapes[1]) * size(dw) / dw[dw.length - 1];
  }
  if (name === 'BatchMatMul' || name === '_FusedMatMul') {
    const out = outputShapes[0];
    const a = inputShapes[0];
    const b = inputShapes[1];
    // The contracted size is the dimension of a that is not in the output's rows.
    const m = out[out.length - 2];
    const k = a[a.length - 1] === m && a[a.length - 2] !== m ? a[a.length - 2] : a[a.length - 1];
    return b ? 2 * size(out) * k : undefined;
  }
  return undefined;
}

/** GFLOP/s per convolution and matmul kernel name over `batches` profiled training steps. */
async function kernelGflops(batchSize: number, warmup: number, batches: number): Promise<{ conv: number; byKernel: Record<string, { gflops: number; ms: number }> }> {
  const trainer = deepCnnTrainer(batchSize);
  try {
    for (let i = 0; i < warmup; i++) trainer.step();
    const work = new Map<string, { flops: number; ms: number }>();
    for (let i = 0; i < batches; i++) {
      const info = await tf.profile(() => trainer.step());
      for (const k of info.kernels) {
        const flops = kernelFlops(k.name, k.inputShapes as number[][], k.outputShapes as number[][]);
        if (flops === undefined) continue;
        const entry = work.get(k.name) ?? { flops: 0, ms: 0 };
        entry.flops += flops;
        entry.ms += Number(k.kernelTimeMs);
        work.set(k.name, entry);
      }
    }
    const conv = [...work].filter(([name]) => name.includes('Conv2D')).reduce((t, [, w]) => ({ flops: t.flops + w.flops, ms: t.ms + w.ms }), { flops: 0, ms: 0 });
    return {
      conv: round(conv.flops / conv.ms / 1e6, 1),
      byKernel: Object.fromEntries([...work].map(([name, w]) => [name, { gflops: round(w.flops / w.ms / 1e6, 1), ms: round(w.ms / batches, 2) }])),
    };
  } finally {
    trainer.dispose();
  }
}

/** The nominal FP32 peak: cores × clock × 32 FLOP a cycle (two 256-bit FMA pipes), from /proc/cpuinfo; undefined elsewhere. */
function nominalPeak(threads: number): { gflops: number; mhz: number } | undefined {
  try {
    const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]);
    return Number.isFinite(mhz) ? { gflops: round(threads * mhz * 32 / 1000, 1), mhz } : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the benchmark; `emit` receives each line as soon as it is measured. */
export async function benchCore(o: BenchCoreOptions, emit: (line: BenchCoreLine) => void): Promise<BenchCoreLine[]> {
  const lines: BenchCoreLine[] = [];
  const out = (line: BenchCoreLine) => {
    lines.push(line);
    emit(line);
  };
  const wasmReport = await selectBackend('wasm', { threads: o.threads, quiet: true });
  const threads = wasmReport.threads ?? o.threads;
  // The cores a run uses: the wasm threads, or the native addon's where it runs more
  // (DEEPER_NATIVE_THREADS); PyTorch and the peak FLOP/s get as many.
  const nativeThreads = loadedAddon() ? resolveSelectBackendOptions({ threads: o.threads }).nativeThreads : undefined;
  const cores = Math.max(threads ?? 1, nativeThreads ?? 0);
  // Rounds alternate wasm and PyTorch, so that both see the same share of a busy machine;
  // each figure is the median over rounds, and each ratio the median of per-round ratios.
  // With --native both, every round also times wasm without the addon's kernels, right after.
  const native = o.native ?? (loadedAddon() ? 'on' : 'off');
  if (native !== 'off' && !loadedAddon()) throw new Error(`deeper bench core --native ${native}: expected deeper's native addon to load, but ${wasmReport.reason}`);
  const both = native === 'both' || native === 'ablate';
  if (o.nativePath && native === 'off') throw new Error(`deeper bench core --native-path ${o.nativePath}: expected the native kernels on, but --native is off`);
  const choosePath = () => {
    if (o.nativePath && !setAddonPath(o.nativePath)) throw new Error(`deeper bench core --native-path expects a path this CPU runs, but it lacks ${o.nativePath}`);
  };
  const rounds: { wasm: BackendTiming; plain?: BackendTiming; without?: Record<string, number>; torch?: BenchCoreLine[] }[] = [];
  for (let r = 0; r < o.rounds; r++) {
    await selectBackend('wasm', { threads: o.threads, quiet: true });
    setAddonKernelsEnabled(native !== 'off');
    choosePath();
    const wasm = timeDeepCnn(o.batchSize, o.warmup, o.batches);
    let plain: BackendTiming | undefined;
    if (both) {
      setAddonKernelsEnabled(false);
      plain = timeDeepCnn(o.batchSize, o.warmup, o.batches);
      setAddonKernelsEnabled(true);
    }
    let without: Record<string, number> | undefined;
    if (native === 'ablate') {
      without = {};
      for (const { kernelName } of addonKernels) {
        setAddonKernelsEnabled(true, [kernelName]);
        without[kernelName] = timeDeepCnn(o.batchSize, o.warmup, o.batches).train;
      }
      setAddonKernelsEnabled(true);
    }
    rounds.push({ wasm, plain, without, torch: o.pytorch ? runTorchReference(o, cores) : undefined });
  }
  const label = native === 'off' ? 'wasm' : 'wasm+native';
  const perRound = (f: (round: (typeof rounds)[number]) => number) => rounds.map(f);
  const wasm = { train: median(perRound((r) => r.wasm.train)), infer: median(perRound((r) => r.wasm.infer)) };
  const common = {
    batch: o.batchSize, threads, ...(nativeThreads !== undefined ? { nativeThreads } : {}), batches: o.batches, warmup: o.warmup, rounds: o.rounds,
    ...(o.nativePath ? { nativePath: o.nativePath } : {}),
  };
  const eachRound = (values: number[], digits = 2) => (o.rounds > 1 ? { perRound: values.map((v) => round(v, digits)) } : {});
  out({ name: 'deep-cnn-train', backend: label, unit: 'samples/s', value: round(wasm.train), ...common, ...eachRound(perRound((r) => r.wasm.train)) });
  out({ name: 'deep-cnn-infer', backend: label, unit: 'samples/s', value: round(wasm.infer), ...common, ...eachRound(perRound((r) => r.wasm.infer)) });
  if (both) {
    for (const key of ['train', 'infer'] as const) {
      const values = perRound((r) => r.plain![key]);
      out({ name: `deep-cnn-${key}`, backend: 'wasm', unit: 'samples/s', value: round(median(values)), ...common, ...eachRound(values) });
    }
    for (const key of ['train', 'infer'] as const) {
      const ratios = perRound((r) => r.wasm[key] / r.plain![key]);
      out({ name: `deep-cnn-${key}-native-speedup`, backend: 'wasm+native/wasm', unit: 'ratio', value: round(median(ratios), 3), batch: o.batchSize, threads, rounds: o.rounds, ...eachRound(ratios, 3) });
    }
  }
  out({ name: 'rss-mb', backend: label, unit: 'MB', value: round(process.resourceUsage().maxRSS / 1024, 1), batch: o.batchSize, note: 'peak resident set of the process after the wasm runs' });
  let tensorsConstant = rounds.every((r) => r.wasm.tensorsConstant);
  const counts: Record<string, number[]> = { wasm: rounds[0].wasm.tensorCounts };
  if (o.pytorch) {
    const torchValue = (r: (typeof rounds)[number], name: string) => r.torch?.find((line) => line.name === name)?.value as number;
    for (const name of ['deep-cnn-train', 'deep-cnn-infer'] as const) {
      const values = perRound((r) => torchValue(r, name));
      const first = rounds[0].torch?.find((line) => line.name === name);
      out({ ...first, name, backend: 'pytorch-cpu', unit: 'samples/s', value: round(median(values)), rounds: o.rounds, ...eachRound(values) });
    }
    for (const [name, key] of [['deep-cnn-train-vs-pytorch', 'train'], ['deep-cnn-infer-vs-pytorch', 'infer']] as const) {
      const ratios = perRound((r) => r.wasm[key] / torchValue(r, `deep-cnn-${key}`));
      out({ name, backend: `${label}/pytorch-cpu`, unit: 'ratio', value: round(median(ratios), 3), batch: o.batchSize, threads, rounds: o.rounds, ...eachRound(ratios, 3) });
      if (both) {
        const plain = perRound((r) => r.plain![key] / torchValue(r, `deep-cnn-${key}`));
        out({ name, backend: 'wasm/pytorch-cpu', unit: 'ratio', value: round(median(plain), 3), batch: o.batchSize, threads, rounds: o.rounds, ...eachRound(plain, 3) });
      }
    }
  }
  if (!o.skipCpu) {
    await selectBackend('cpu', { quiet: true });
    const cpu = timeDeepCnn(o.cpuBatchSize, 0, o.cpuBatches);
    const cpuCommon = { batch: o.cpuBatchSize, threads: 1, batches: o.cpuBatches, warmup: 0 };
    out({ name: 'deep-cnn-train', backend: 'cpu', unit: 'samples/s', value: round(cpu.train, 3), ...cpuCommon });
    out({ name: 'deep-cnn-infer', backend: 'cpu', unit: 'samples/s', value: round(cpu.infer, 3), ...cpuCommon });
    out({ name: 'deep-cnn-train-speedup', backend: 'wasm/cpu', unit: 'ratio', value: round(wasm.train / cpu.train, 1), batch: o.batchSize, cpuBatch: o.cpuBatchSize, threads });
    tensorsConstant &&= cpu.tensorsConstant || o.cpuBatches < 3;
    counts.cpu = cpu.tensorCounts;
  }
  out({ name: 'tensors-constant', unit: 'bool', value: tensorsConstant, numTensorsAfterEachStep: counts });
  if (native === 'ablate') {
    for (const { kernelName } of addonKernels) {
      const gains = perRound((r) => r.wasm.train / r.without![kernelName]);
      out({ name: 'deep-cnn-train-native-kernel-gain', backend: 'wasm+native', kernel: kernelName, unit: 'ratio', value: round(median(gains), 3),
        batch: o.batchSize, threads, rounds: o.rounds, ...eachRound(gains, 3), note: 'samples/s with every native kernel ÷ with this one off' });
    }
  }
  if (both) {
    await selectBackend('wasm', { threads: o.threads, quiet: true });
    for (const on of [true, false]) {
      setAddonKernelsEnabled(on);
      const g = await kernelGflops(o.batchSize, o.warmup, o.batches);
      out({ name: 'deep-cnn-kernel-gflops', backend: on ? 'wasm+native' : 'wasm', unit: 'GFLOP/s', value: g.conv, batch: o.batchSize, threads,
        byKernel: g.byKernel, note: 'value: the three convolution passes together; byKernel: GFLOP/s and ms a step per kernel name; from profiled steps' });
    }
    setAddonKernelsEnabled(true);
    const addon = loadedAddon()!;
    const nominal = nominalPeak(cores);
    out({ name: 'cpu-fp32-peak', backend: addon.info().path, unit: 'GFLOP/s', value: round(addon.fmaPeak(1) / 1e9, 1), threads: cores,
      nominal: nominal?.gflops, clockMHz: nominal?.mhz,
      note: 'value: independent FMAs on every addon thread for 1 s (addon fmaPeak); nominal: threads × clock × 32 FLOP a cycle (two 256-bit FMA pipes a core)' });
  }
  if (o.profile) {
    await selectBackend('wasm', { threads: o.threads, quiet: true });
    const p = await profileDeepCnn(o.batchSize, o.warmup, o.batches);
    out({ name: 'deep-cnn-train-step', backend: 'wasm', unit: 'ms', value: round(p.stepMs, 1), batch: o.batchSize, threads, batches: o.batches, note: 'profiled steps' });
    out({ name: 'deep-cnn-train-kernels', backend: 'wasm', unit: 'ms', value: round(p.kernelMs, 1), batch: o.batchSize, threads, byKernel: p.byKernel });
  }
  return lines;
}

function nativePathOption(text: string): AddonPath {
  if (text === 'avx512' || text === 'avx2' || text === 'portable') return text;
  throw new Error(`deeper bench core expects --native-path to be avx512, avx2 or portable, but received ${JSON.stringify(text)}`);
}

function nativeMode(text: string): 'on' | 'off' | 'both' | 'ablate' {
  if (text === 'on' || text === 'off' || text === 'both' || text === 'ablate') return text;
  throw new Error(`deeper bench core expects --native to be on, off, both or ablate, but received ${JSON.stringify(text)}`);
}

export function register(bench: Command): void {
  bench
    .command('core')
    .description('deep CNN training and inference samples/s on wasm and cpu, memory, tensor leaks')
    .option('--json', 'print JSON lines (default: readable lines)')
    .option('--batches <n>', 'timed wasm batches', '5')
    .option('--warmup <n>', 'untimed wasm batches first', '2')
    .option('--batch-size <n>', 'samples per wasm batch', '100')
    .option('--threads <n>', 'wasm threads (default: DEEPER_WASM_THREADS, else 2 on ≥ 2 cores, as selectBackend)')
    .option('--cpu-batch-size <n>', 'samples per cpu batch (the cpu backend needs minutes for 100)', '10')
    .option('--cpu-batches <n>', 'timed cpu batches', '1')
    .option('--skip-cpu', 'measure wasm only')
    .option('--profile', 'also profile wasm training steps: time per step and per kernel name')
    .option('--rounds <n>', 'rounds of wasm (and PyTorch) measurements, alternating; medians are reported', '1')
    .option('--pytorch', 'also run the same model on PyTorch (experiments/bench/textbook_cnn_torch.py) with as many threads, and print wasm ÷ PyTorch')
    .option('--native <mode>', "deeper's native addon kernels: on, off, both (alternated each round, with per-kernel GFLOP/s and the CPU's peak) or ablate (both, plus each kernel off alone); default on where the addon loads")
    .option('--native-path <path>', "the addon's micro-kernels to time: avx512, avx2 or portable (default: the best this CPU has)")
    .option('--python <cmd>', 'the Python for --pytorch (default: python3, then /usr/bin/python3, whichever imports torch)')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const who = 'deeper bench core';
      const int = (name: string, key: string, min: number) => parseIntegerOption(who, name, String(opts[key]), min);
      await benchCore({
        batches: int('--batches', 'batches', 1),
        warmup: int('--warmup', 'warmup', 0),
        batchSize: int('--batch-size', 'batchSize', 1),
        threads: opts.threads === undefined ? undefined : int('--threads', 'threads', 1),
        cpuBatchSize: int('--cpu-batch-size', 'cpuBatchSize', 1),
        cpuBatches: int('--cpu-batches', 'cpuBatches', 1),
        skipCpu: opts.skipCpu === true,
        rounds: int('--rounds', 'rounds', 1),
        profile: opts.profile === true,
        native: opts.native === undefined ? undefined : nativeMode(String(opts.native)),
        nativePath: opts.nativePath === undefined ? undefined : nativePathOption(String(opts.nativePath)),
        pytorch: opts.pytorch || opts.python ? (typeof opts.python === 'string' ? [opts.python] : ['python3', '/usr/bin/python3']) : undefined,
      }, (line) => {
        if (opts.json) console.log(JSON.stringify(line));
        else console.log(`${line.name.padEnd(24)} ${String(line.backend ?? '').padEnd(9)} ${String(line.value).padStart(10)} ${line.unit}${line.batch !== undefined ? `  (batch ${line.batch})` : ''}`);
      });
    });
}
