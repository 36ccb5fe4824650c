/**
 * `deeper bench classify [--json] [--models a,b] [--steps N] [--warmup N] [--rounds R] [--pytorch]`:
 * the training speed of every registered classifier (`deeper classify models`) on
 * Fashion-MNIST-shaped batches (100 random 28×28 grey images), and with --pytorch the same
 * network rebuilt in PyTorch (experiments/bench/classifier_models_torch.py) with as many
 * threads, timed in the same run: each round times one model on deeper, then the same model
 * on PyTorch, then the next model, so both see the same share of a busy machine. Figures are
 * medians over rounds of the median timed step; ratios are medians of per-round ratios.
 * One JSON object per line:
 *
 *   classify-train-step      ms per training step (one Adam update: forward, backward, update, loss read back), per model and backend
 *   classify-epoch-seconds   an epoch of Fashion-MNIST's 60,000 training images, extrapolated:
 *                            ⌈60,000 / batch⌉ × the step time (not timed over a whole epoch;
 *                            minibatch copying and augmentation are not in it)
 *   classify-train-vs-pytorch  PyTorch's step time ÷ deeper's (> 1: deeper is faster), per model
 *   classify-parameters-match  whether the PyTorch twin has as many trainable parameters as deeper's model
 *
 * PyTorch's lines say which BLAS it loaded ("blas"): Debian's PyTorch on the reference BLAS
 * runs dense layers several times slower than on OpenBLAS; --torch-blas DIR picks another.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadedAddon, selectBackend } from '@deeper/core';
import { buildClassifier, classifierModelNames, countParameters } from '@deeper/classify';
import { classifierTrainer } from './classifier-trainer';
import { parseIntegerOption } from './envs-rollout';

export interface BenchClassifyOptions {
  /** Registered model names to time, in order. */
  models: string[];
  /** Timed training steps per model and round. */
  steps: number;
  /** Untimed steps first (XNNPACK operator setup, Adam's slots). */
  warmup: number;
  /** Images per step; 100 is the textbook minibatch. */
  batchSize: number;
  /** Rounds over all models; figures are medians over rounds. */
  rounds: number;
  /** wasm threads; undefined: selectBackend's default (DEEPER_WASM_THREADS, else 2 on ≥ 2 cores). */
  threads?: number;
  /** Python interpreters to try, in order, for the PyTorch twins; undefined: no PyTorch run. */
  pytorch?: string[];
  /** A folder whose libblas.so.3 PyTorch loads (the script's --blas-dir), e.g. an unpacked OpenBLAS; undefined: the system's. */
  torchBlas?: string;
}

export interface BenchClassifyLine {
  name: string;
  unit: string;
  value: number | boolean;
  model?: string;
  backend?: string;
  [extra: string]: unknown;
}

/** Images in Fashion-MNIST's training split: what one epoch is. */
const fashionMnistTrainCount = 60000;
const torchScript = fileURLToPath(new URL('../../bench/classifier_models_torch.py', import.meta.url));
const who = 'deeper bench classify';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

/** Median ms of `steps` training steps of model `name` after `warmup` untimed ones, and its trainable parameters. */
function timeModel(name: string, o: BenchClassifyOptions): { ms: number; trainable: number } {
  const trainer = classifierTrainer(buildClassifier(name, { inputShape: [28, 28, 1], classes: 10, seed: 0 }), o.batchSize);
  try {
    const times: number[] = [];
    for (let i = 0; i < o.warmup + o.steps; i++) {
      const t0 = performance.now();
      trainer.step();
      if (i >= o.warmup) times.push(performance.now() - t0);
    }
    return { ms: median(times), trainable: countParameters(trainer.model).trainable };
  } finally {
    trainer.dispose();
  }
}

/** The first interpreter in `candidates` that imports torch. */
function findTorchPython(candidates: string[]): string | undefined {
  return candidates.find((python) => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
}

/** The PyTorch twin of `name`, timed as `timeModel` times deeper's: its JSON line's ms and parameters. */
function timeTorchModel(python: string, name: string, o: BenchClassifyOptions, threads: number): { ms: number; parameters: number; torch: string; blas: string } {
  const run = spawnSync(python, [torchScript, '--models', name, '--threads', String(threads), '--steps', String(o.steps), '--warmup', String(o.warmup),
    '--batch-size', String(o.batchSize), ...(o.torchBlas === undefined ? [] : ['--blas-dir', o.torchBlas])], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${who} --pytorch: ${python} ${torchScript} exited with ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`${who} --pytorch: expected a JSON line from ${torchScript} for ${name}, but received ${JSON.stringify(run.stdout.slice(0, 200))}`);
  const parsed = JSON.parse(line) as { value: number; parameters: number; torch: string; blas?: string };
  return { ms: parsed.value, parameters: parsed.parameters, torch: parsed.torch, blas: parsed.blas ?? 'unknown' };
}

/** Runs the benchmark; `emit` receives each line as it is computed (all at the end: figures are medians over rounds). */
export async function benchClassify(o: BenchClassifyOptions, emit: (line: BenchClassifyLine) => void): Promise<BenchClassifyLine[]> {
  for (const name of o.models) {
    if (!(classifierModelNames as string[]).includes(name)) throw new Error(`${who} expects --models among ${classifierModelNames.join(', ')}, but received ${JSON.stringify(name)}`);
  }
  const report = await selectBackend('wasm', { threads: o.threads, quiet: true });
  const threads = report.threads ?? o.threads ?? 1;
  const backend = loadedAddon() ? 'wasm+native' : 'wasm';
  let python: string | undefined;
  if (o.pytorch) {
    python = findTorchPython(o.pytorch);
    if (!python) throw new Error(`${who} --pytorch: expected a Python with PyTorch among ${o.pytorch.join(', ')}, but none imports torch (Debian: apt-get install python3-torch; or name one with --python)`);
  }
  const deeper = new Map<string, number[]>(o.models.map((m) => [m, []]));
  const torch = new Map<string, number[]>(o.models.map((m) => [m, []]));
  const trainable = new Map<string, number>();
  const torchInfo = new Map<string, { parameters: number; torch: string; blas: string }>();
  for (let r = 0; r < o.rounds; r++) {
    for (const name of o.models) {
      const d = timeModel(name, o);
      deeper.get(name)!.push(d.ms);
      trainable.set(name, d.trainable);
      if (python) {
        const t = timeTorchModel(python, name, o, threads);
        torch.get(name)!.push(t.ms);
        torchInfo.set(name, t);
      }
    }
  }
  const lines: BenchClassifyLine[] = [];
  const out = (line: BenchClassifyLine) => {
    lines.push(line);
    emit(line);
  };
  const stepsPerEpoch = Math.ceil(fashionMnistTrainCount / o.batchSize);
  const common = { batch: o.batchSize, threads, steps: o.steps, warmup: o.warmup, rounds: o.rounds };
  const perRound = (values: number[], digits = 2) => (o.rounds > 1 ? { perRound: values.map((v) => round(v, digits)) } : {});
  const epochNote = `${stepsPerEpoch} steps × the median step time (extrapolated from ${o.steps} timed steps, not a timed epoch)`;
  for (const name of o.models) {
    const ms = deeper.get(name)!;
    out({ name: 'classify-train-step', model: name, backend, unit: 'ms', value: round(median(ms), 1), parameters: trainable.get(name), ...common, ...perRound(ms, 1) });
    out({ name: 'classify-epoch-seconds', model: name, backend, unit: 's', value: round((stepsPerEpoch * median(ms)) / 1000, 1), ...common, note: epochNote });
    if (!python) continue;
    const t = torch.get(name)!;
    const info = torchInfo.get(name)!;
    out({ name: 'classify-train-step', model: name, backend: 'pytorch-cpu', unit: 'ms', value: round(median(t), 1), parameters: info.parameters, torch: info.torch, blas: info.blas, ...common, ...perRound(t, 1) });
    out({ name: 'classify-epoch-seconds', model: name, backend: 'pytorch-cpu', unit: 's', value: round((stepsPerEpoch * median(t)) / 1000, 1), ...common, note: epochNote });
    const ratios = ms.map((m, i) => t[i] / m);
    out({ name: 'classify-train-vs-pytorch', model: name, backend: `${backend}/pytorch-cpu`, unit: 'ratio', value: round(median(ratios), 3), ...common, ...perRound(ratios, 3),
      note: "PyTorch's step time ÷ deeper's, per round (> 1: deeper faster)" });
    out({ name: 'classify-parameters-match', model: name, unit: 'bool', value: info.parameters === trainable.get(name), deeper: trainable.get(name), pytorch: info.parameters });
  }
  return lines;
}

export function register(bench: Command): void {
  bench
    .command('classify')
    .description('training step and extrapolated Fashion-MNIST epoch time of every registered classifier, beside PyTorch with --pytorch')
    .option('--json', 'print JSON lines (default: readable lines)')
    .option('--models <list>', `comma-separated among ${classifierModelNames.join(', ')}`, classifierModelNames.join(','))
    .option('--steps <n>', 'timed steps per model and round', '3')
    .option('--warmup <n>', 'untimed steps first', '2')
    .option('--batch-size <n>', 'images per step', '100')
    .option('--rounds <n>', 'rounds over all models, deeper and PyTorch alternating; medians are reported', '1')
    .option('--threads <n>', 'wasm and PyTorch threads (default: DEEPER_WASM_THREADS, else 2 on ≥ 2 cores, as selectBackend)')
    .option('--pytorch', 'also time each model\'s PyTorch twin (experiments/bench/classifier_models_torch.py) with as many threads')
    .option('--python <cmd>', 'the Python for --pytorch (default: python3, then /usr/bin/python3, whichever imports torch)')
    .option('--torch-blas <dir>', "a folder whose libblas.so.3 PyTorch loads (e.g. an unpacked OpenBLAS; Debian's default without libopenblas0 is the slow reference BLAS)")
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const int = (name: string, key: string, min: number) => parseIntegerOption(who, name, String(opts[key]), min);
      await benchClassify({
        models: String(opts.models).split(',').map((s) => s.trim()).filter(Boolean),
        steps: int('--steps', 'steps', 1),
        warmup: int('--warmup', 'warmup', 0),
        batchSize: int('--batch-size', 'batchSize', 1),
        rounds: int('--rounds', 'rounds', 1),
        threads: opts.threads === undefined ? undefined : int('--threads', 'threads', 1),
        torchBlas: typeof opts.torchBlas === 'string' ? opts.torchBlas : undefined,
        pytorch: opts.pytorch || opts.python || opts.torchBlas ? (typeof opts.python === 'string' ? [opts.python] : ['python3', '/usr/bin/python3']) : undefined,
      }, (line) => {
        if (opts.json) console.log(JSON.stringify(line));
        else console.log(`${line.name.padEnd(26)} ${String(line.model ?? '').padEnd(10)} ${String(line.backend ?? '').padEnd(24)} ${String(line.value).padStart(9)} ${line.unit}`);
      });
    });
}
