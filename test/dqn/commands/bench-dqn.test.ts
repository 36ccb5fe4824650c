/**
 * `deeper bench dqn --profile` in-process on wasm, with few frames: the JSON lines it prints,
 * the replay variants and sizes, and a profile whose parts add up to the frame.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SlotOptimizer, loadedAddon } from '../../../packages/core/src/index';
import { benchDqn, type BenchDqnLine } from '../../../experiments/src/commands/bench-dqn';

const Bench = suite('deeper bench dqn');

Bench('prints frames/s, four replay sampling variants, replay bytes and a profile that adds up', async () => {
  const lines: BenchDqnLine[] = [];
  await benchDqn({ rounds: 1, frames: 30, learningStarts: 40, threads: 1, profile: true }, (line) => lines.push(line), 'wasm');
  const train = lines.find((l) => l.name === 'dqn-train')!;
  assert.ok(train.value > 0 && train.env === 'MinAtar/Breakout-v0' && train.batch === 32);
  // The line: {"name":"dqn-train","env":…,"unit":"frames/s","value":…} (with more fields after).
  assert.equal(Object.keys(train).filter((k) => ['name', 'env', 'unit', 'value'].includes(k)), ['name', 'env', 'unit', 'value']);
  assert.equal(Object.keys(train).slice(0, 2), ['name', 'env']);
  const sampling = lines.filter((l) => l.name === 'replay-sample');
  assert.equal(sampling.map((l) => l.variant), ['uniform', 'uniform-3-step', 'prioritized', 'prioritized-3-step']);
  for (const l of sampling) {
    assert.ok(l.value > 0 && l.unit === 'transitions/s');
    assert.equal(Object.keys(l).slice(0, 2), ['name', 'env']);
    // Per CPU-second of the process (its helper threads count too, so it is not bounded by the wall-clock rate either way).
    assert.ok(Number.isFinite(l.perCpuSecond) && (l.perCpuSecond as number) > 0, `${l.variant}: ${l.perCpuSecond} per CPU-second`);
    // Random Breakout episodes are short, yet frames stay fewer than transitions: each is stored once.
    assert.ok((l.framesWritten as number) < 100_000, `${l.variant}: ${l.framesWritten} frames`);
  }
  const bytes = Object.fromEntries(lines.filter((l) => l.name === 'replay-bytes').map((l) => [l.env, l.value]));
  assert.ok(bytes['MinAtar/Breakout-v0'] < bytes['MinAtar/Seaquest-v0'] && bytes['MinAtar/Seaquest-v0'] <= 100e6, JSON.stringify(bytes));
  const profile = lines.find((l) => l.name === 'dqn-frame-ms')!;
  const parts = ['acting', 'env', 'replay', 'target', 'forward', 'backward', 'optimizer', 'readback', 'other'];
  for (const p of parts) assert.ok(typeof profile[p] === 'number' && (profile[p] as number) >= -0.01, `${p}: ${profile[p]}`);
  for (const p of ['acting', 'target', 'forward', 'backward', 'optimizer']) assert.ok((profile[p] as number) > 0, `${p} takes time`);
  const sum = parts.reduce((s, p) => s + (profile[p] as number), 0);
  assert.ok(Math.abs(sum - profile.value) < 0.01, `parts ${sum} against ${profile.value}`);
});

Bench('--native, --fused and --engine both time every variant each round, report the speed-ups, and leave the defaults on', async () => {
  const lines: BenchDqnLine[] = [];
  const native = loadedAddon() ? 'both' : 'off';
  await benchDqn({ rounds: 2, frames: 20, learningStarts: 40, threads: 1, native, fused: 'both', engine: 'both' }, (line) => lines.push(line), 'wasm');
  const train = lines.filter((l) => l.name === 'dqn-train');
  const expected = native === 'both'
    ? ['wasm+native, native chain', 'wasm', 'wasm+native, native chain, composed optimizer', 'wasm+native']
    : ['wasm', 'wasm, composed optimizer', 'wasm'];
  assert.equal(train.map((l) => l.backend), expected);
  for (const l of train) assert.ok(l.value > 0 && (l.perRound as number[]).length === 2, JSON.stringify(l));
  const speedups = lines.filter((l) => l.unit === 'ratio').map((l) => l.name);
  assert.equal(speedups, native === 'both'
    ? ['dqn-train-native-speedup', 'dqn-train-fused-speedup', 'dqn-train-engine-speedup']
    : ['dqn-train-fused-speedup', 'dqn-train-engine-speedup']);
  assert.ok(SlotOptimizer.useFusedKernels, 'the fused optimizer is back on after the composed rounds');
});

Bench('--pytorch runs the PyTorch script once a round, after ours, with the issue\'s threads, and reports its median and per-round ratios', async () => {
  // A stand-in "python" that imports torch and, run on the script, checks its arguments and
  // environment and prints a fixed rate (the second round twice the first).
  const folder = mkdtempSync(join(tmpdir(), 'deeper-fake-python-'));
  const python = join(folder, 'python');
  const state = join(folder, 'rounds');
  writeFileSync(python, `#!/bin/sh
[ "$1" = "-c" ] && exit 0
case "$*" in *'dqn_minatar_torch.py --threads 2 --frames 20 --learning-starts 40') ;; *) echo "unexpected: $*" >&2; exit 3;; esac
[ "$OPENBLAS_NUM_THREADS" = 1 ] && [ "$OMP_NUM_THREADS" = 2 ] || { echo "threads: $OPENBLAS_NUM_THREADS $OMP_NUM_THREADS" >&2; exit 4; }
n=$(cat ${state} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${state}
echo '{"name": "dqn-train", "backend": "pytorch-cpu", "unit": "frames/s", "value": '$((100 * n))', "torch": "fake", "threads": 2, "blas": "fake"}'
`);
  chmodSync(python, 0o755);
  try {
    const lines: BenchDqnLine[] = [];
    await benchDqn({ rounds: 2, frames: 20, learningStarts: 40, threads: 1, pytorch: [python] }, (line) => lines.push(line), 'wasm');
    const torch = lines.find((l) => l.name === 'dqn-train' && l.backend === 'pytorch-cpu')!;
    assert.equal([torch.value, torch.perRound, torch.torchThreads, torch.blas], [150, [100, 200], 2, 'fake']);
    const ours = lines.find((l) => l.name === 'dqn-train' && l.backend !== 'pytorch-cpu')!;
    const ratio = lines.find((l) => l.name === 'dqn-train-vs-pytorch')!;
    const perRound = ratio.perRound as number[];
    const oursPerRound = ours.perRound as number[];
    assert.ok(Math.abs(perRound[0] - oursPerRound[0] / 100) < 2e-3 && Math.abs(perRound[1] - oursPerRound[1] / 200) < 2e-3, JSON.stringify([ratio, ours]));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

Bench.run();
