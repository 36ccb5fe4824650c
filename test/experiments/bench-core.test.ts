import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runDeeper } from '../helpers/run-deeper';
import { loadAddon } from '../../packages/core/src/backend/addon-kernels/load-addon';


const BenchCore = suite('deeper bench core');

/**
 * Runs `deeper bench core` with `args`; exit code and output. Without the native addon's
 * kernels unless `native` (the lines are then labelled wasm, as these tests expect).
 */
function benchCore(args: string[], native = false) {
  const env: NodeJS.ProcessEnv = native ? { ...process.env } : { ...process.env, DEEPER_NATIVE: '0' };
  delete env.DEEPER_NATIVE_KERNELS;
  return runDeeper(['bench', 'core', '--json', ...args], { env });
}

BenchCore('--pytorch alternates rounds with the PyTorch script and reports medians and per-round ratios; --profile adds per-kernel times', async () => {
  // A stand-in "python" that imports torch and, run on the script, prints fixed figures
  // (the second round twice as fast) after checking it was given the same settings.
  const folder = mkdtempSync(join(tmpdir(), 'deeper-fake-python-'));
  const python = join(folder, 'python');
  const state = join(folder, 'rounds');
  writeFileSync(python, `#!/bin/sh
[ "$1" = "-c" ] && exit 0
case "$*" in *'textbook_cnn_torch.py --threads 1 --batches 2 --warmup 1 --batch-size 4') ;; *) echo "unexpected: $*" >&2; exit 3;; esac
n=$(cat ${state} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${state}
echo '{"name": "deep-cnn-train", "backend": "pytorch-cpu", "unit": "samples/s", "value": '$((1000 * n))', "torch": "fake"}'
echo '{"name": "deep-cnn-infer", "backend": "pytorch-cpu", "unit": "samples/s", "value": '$((2000 * n))', "torch": "fake"}'
`);
  chmodSync(python, 0o755);
  try {
    const { code, stdout, stderr } = await benchCore(['--batches', '2', '--warmup', '1', '--batch-size', '4', '--threads', '1', '--skip-cpu', '--rounds', '2', '--python', python, '--profile']);
    assert.is(code, 0, stderr);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const find = (name: string, backend: string) => lines.find((l) => l.name === name && l.backend === backend);
    const wasm = find('deep-cnn-train', 'wasm');
    const torch = find('deep-cnn-train', 'pytorch-cpu');
    assert.equal(torch.perRound, [1000, 2000]);
    assert.is(torch.value, 1500);
    assert.is(torch.torch, 'fake');
    assert.is(wasm.perRound.length, 2);
    const ratio = find('deep-cnn-train-vs-pytorch', 'wasm/pytorch-cpu');
    assert.ok(Math.abs(ratio.perRound[0] - wasm.perRound[0] / 1000) < 1e-3 && Math.abs(ratio.perRound[1] - wasm.perRound[1] / 2000) < 1e-3, JSON.stringify(ratio));
    assert.equal(find('deep-cnn-infer', 'pytorch-cpu').perRound, [2000, 4000]);
    // --profile: a step's time and its kernels' by name (which cannot add up to more than the step).
    const step = find('deep-cnn-train-step', 'wasm');
    const kernels = find('deep-cnn-train-kernels', 'wasm');
    assert.ok(step.value > 0 && kernels.value > 0 && kernels.value <= step.value, `${step.value} ms, kernels ${kernels.value} ms`);
    for (const name of ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad']) assert.type(kernels.byKernel[name], 'number', name);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

BenchCore('--pytorch without a Python that has torch is an error naming what was tried and the install', async () => {
  const { code, stderr } = await benchCore(['--batches', '1', '--warmup', '0', '--batch-size', '2', '--threads', '1', '--skip-cpu', '--python', '/nonexistent/python3']);
  assert.is.not(code, 0);
  assert.match(stderr, /\/nonexistent\/python3/);
  assert.match(stderr, /python3-torch/);
});

BenchCore('prints one JSON object per line with wasm and cpu throughput, speedup, memory and tensor counts', async () => {
  const { code, stdout, stderr } = await benchCore(['--batches', '2', '--warmup', '1', '--batch-size', '4', '--cpu-batch-size', '1', '--cpu-batches', '1']);
  assert.is(code, 0, stderr);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  for (const l of lines) {
    assert.type(l.name, 'string');
    assert.type(l.unit, 'string');
    assert.ok(typeof l.value === 'number' || typeof l.value === 'boolean');
  }
  const find = (name: string, backend?: string) => lines.find((l) => l.name === name && (backend === undefined || l.backend === backend));
  const wasmTrain = find('deep-cnn-train', 'wasm');
  const cpuTrain = find('deep-cnn-train', 'cpu');
  assert.equal([wasmTrain.unit, wasmTrain.batch, wasmTrain.batches, wasmTrain.warmup], ['samples/s', 4, 2, 1]);
  assert.is(cpuTrain.batch, 1);
  assert.ok(wasmTrain.value > 0 && cpuTrain.value > 0);
  assert.ok(find('deep-cnn-infer', 'wasm').value > 0);
  assert.ok(find('deep-cnn-infer', 'cpu').value > 0);
  const speedup = find('deep-cnn-train-speedup');
  assert.ok(Math.abs(speedup.value - wasmTrain.value / cpuTrain.value) <= 0.1 + 0.01 * speedup.value);
  assert.ok(find('rss-mb').value > 50);
  const tensors = find('tensors-constant');
  assert.is(tensors.value, true);
  assert.is(tensors.numTensorsAfterEachStep.wasm.length, 3);
});

BenchCore('--native ablate: native and wasm side by side each round, each native kernel off alone, GFLOP/s per kernel, the CPU peak', async () => {
  if (!loadAddon().ok) return; // no addon here: nothing native to measure
  const { code, stdout, stderr } = await benchCore(['--batches', '1', '--warmup', '0', '--batch-size', '4', '--threads', '1', '--skip-cpu', '--rounds', '2', '--native', 'ablate'], true);
  assert.is(code, 0, stderr);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  const find = (name: string, backend: string) => lines.find((l) => l.name === name && l.backend === backend);
  const native = find('deep-cnn-train', 'wasm+native');
  const plain = find('deep-cnn-train', 'wasm');
  assert.ok(native.value > 0 && plain.value > 0);
  const speedup = find('deep-cnn-train-native-speedup', 'wasm+native/wasm');
  assert.equal(speedup.perRound.length, 2);
  assert.ok(Math.abs(speedup.perRound[0] - native.perRound[0] / plain.perRound[0]) < 2e-3, JSON.stringify([speedup, native, plain]));
  const gains = lines.filter((l) => l.name === 'deep-cnn-train-native-kernel-gain');
  assert.equal(gains.map((l) => l.kernel), ['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'BatchMatMul', '_FusedMatMul', 'MaxPool', 'Relu', 'LeakyRelu']);
  for (const g of gains) assert.ok(g.value > 0 && g.perRound.length === 2, JSON.stringify(g));
  for (const backend of ['wasm+native', 'wasm']) {
    const g = find('deep-cnn-kernel-gflops', backend);
    for (const kernel of ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']) assert.ok(g.byKernel[kernel].gflops > 0, `${backend} ${kernel}`);
    assert.ok(g.value > 0);
  }
  const peak = lines.find((l) => l.name === 'cpu-fp32-peak');
  assert.ok(peak.value > 0 && ['portable', 'avx2', 'avx512'].includes(peak.backend), JSON.stringify(peak));
});

BenchCore('--native with a mode it does not know is an error naming the value', async () => {
  const { code, stderr } = await benchCore(['--native', 'sometimes']);
  assert.is.not(code, 0);
  assert.match(stderr, /--native to be on, off, both or ablate, but received "sometimes"/);
});

BenchCore('--native-path times the micro-kernels asked for and labels the lines; an unknown path is an error naming the value', async () => {
  const bad = await benchCore(['--native-path', 'sse9']);
  assert.is.not(bad.code, 0);
  assert.match(bad.stderr, /--native-path to be avx512, avx2 or portable, but received "sse9"/);
  if (!loadAddon().ok) return; // no addon here: no paths to choose
  const { code, stdout, stderr } = await benchCore(['--batches', '1', '--warmup', '0', '--batch-size', '4', '--threads', '1', '--skip-cpu', '--native-path', 'portable'], true);
  assert.is(code, 0, stderr);
  const train = stdout.trim().split('\n').map((l) => JSON.parse(l)).find((l) => l.name === 'deep-cnn-train');
  assert.is(train.backend, 'wasm+native');
  assert.is(train.nativePath, 'portable');
  assert.ok(train.value > 0);
});

BenchCore.run();
