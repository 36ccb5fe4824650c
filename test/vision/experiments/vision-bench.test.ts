import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { benchVision, parseVisionBenchTasks, type VisionBenchLine } from '../../../experiments/src/commands/vision-bench';

const BenchVision = suite('benchVision');

BenchVision('--pytorch alternates each task with its twin: medians, per-round ratios ours ÷ PyTorch, the twin\'s own settings (Faster R-CNN\'s: our boxes per image)', async () => {
  // A stand-in "python" that imports torch and, run on the script, prints a rate (10 the first
  // call, 20 the second, 30 the third) and records the arguments it was given.
  const folder = mkdtempSync(join(tmpdir(), 'deeper-fake-python-'));
  const python = join(folder, 'python');
  const state = join(folder, 'calls');
  const argsFile = join(folder, 'args');
  writeFileSync(python, `#!/bin/sh
[ "$1" = "-c" ] && exit 0
case "$1" in *experiments/bench/vision_torch.py) ;; *) echo "unexpected script: $1" >&2; exit 3;; esac
shift
echo "$*" > ${argsFile}
n=$(cat ${state} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${state}
echo '{"name": "twin", "backend": "pytorch-cpu", "unit": "images/s", "value": '$((10 * n))', "parameters": 7, "torch": "fake", "blas": "openblas:/fake"}'
`);
  chmodSync(python, 0o755);
  try {
    const lines: VisionBenchLine[] = [];
    await benchVision({ tasks: ['caption'], batches: 1, warmup: 1, rounds: 2, pytorch: [python] }, (l) => lines.push(l));
    const ours = lines.find((l) => l.name === 'vision-caption-train' && l.backend === 'wasm')!;
    const torch = lines.find((l) => l.name === 'vision-caption-train' && l.backend === 'pytorch-cpu')!;
    const ratio = lines.find((l) => l.name === 'vision-caption-train-vs-pytorch')!;
    assert.is(ours.unit, 'images/s');
    assert.is(ours.batch, 32);
    assert.ok(Number(ours.parameters) > 100_000, JSON.stringify(ours));
    assert.equal(torch.perRound, [10, 20]);
    assert.is(torch.value, 15);
    assert.is(torch.parameters, 7);
    const perRound = ours.perRound as number[];
    assert.is(perRound.length, 2);
    (ratio.perRound as number[]).forEach((r, i) => assert.ok(Math.abs(r - perRound[i] / (10 * (i + 1))) < 0.01 * r + 1e-3, JSON.stringify([ratio, ours])));
    // The twin gets the task, one thread, the budget and our vocabulary and caption length.
    assert.match(readFileSync(argsFile, 'utf8'), /--task caption --threads 1 --batches 1 --warmup 1 --vocabulary \d+ --max-length \d+/);

    const frcnn: VisionBenchLine[] = [];
    await benchVision({ tasks: ['faster-rcnn'], batches: 1, warmup: 0, rounds: 1, pytorch: [python] }, (l) => frcnn.push(l));
    assert.equal(frcnn.map((l) => [l.name, l.backend, l.unit]), [
      ['vision-faster-rcnn-train', 'wasm', 'images/s'], ['vision-faster-rcnn-train', 'pytorch-cpu', 'images/s'], ['vision-faster-rcnn-train-vs-pytorch', 'wasm/pytorch-cpu', 'ratio'],
    ]);
    assert.ok(frcnn[0].value > 0);
    assert.is(frcnn[1].value, 30, 'the third call');
    // The twin gets the task, its budget and the mean true boxes per image of our scenes (1–6 digits each).
    const args = readFileSync(argsFile, 'utf8').trim();
    assert.match(args, /^--task faster-rcnn --threads 1 --batches 1 --warmup 0 --objects-per-image \d+(\.\d+)?$/);
    const objectsPerImage = Number(args.split(' ').at(-1));
    assert.ok(objectsPerImage >= 1 && objectsPerImage <= 6, args);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

BenchVision('a missing PyTorch and unknown tasks are refused by name', async () => {
  const emitted: VisionBenchLine[] = [];
  let error: unknown = null;
  await benchVision({ tasks: ['style'], batches: 1, warmup: 0, rounds: 1, pytorch: ['/nonexistent/python3'] }, (l) => emitted.push(l)).catch((e: unknown) => (error = e));
  assert.match(String(error), /deeper vision bench expects --pytorch to be a Python with PyTorch among \/nonexistent\/python3, but received "none imports torch"\. Debian: apt-get install python3-torch/);
  assert.is(emitted.length, 0, 'refused before timing anything');
  assert.throws(() => parseVisionBenchTasks('segment,fcn'), /deeper vision bench expects --tasks to be a comma-separated list of segment, ssd, faster-rcnn, caption, style, but received "segment,fcn"/);
  assert.equal(parseVisionBenchTasks('ssd, style'), ['ssd', 'style']);
});

const torchPython = '/usr/bin/python3';
const hasTorch = spawnSync(torchPython, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

BenchVision('the PyTorch twins build the same models as ours, Faster R-CNN\'s RPN and head included: equal parameter counts (NIC: + 512, PyTorch\'s second LSTM bias)', async () => {
  if (!hasTorch) {
    console.warn(`vision-bench.test.ts: ${torchPython} does not import torch; the twins' parameter check did not run`);
    return;
  }
  const lines: VisionBenchLine[] = [];
  const tasks = ['segment', 'ssd', 'faster-rcnn', 'style'] as const;
  await benchVision({ tasks: [...tasks], batches: 1, warmup: 0, rounds: 1, pytorch: [torchPython] }, (l) => lines.push(l));
  for (const task of tasks) {
    const [ours, twin] = ['wasm', 'pytorch-cpu'].map((b) => lines.find((l) => l.name === `vision-${task}-train` && l.backend === b)!);
    assert.is(twin.parameters, ours.parameters, task);
    assert.is(twin.unit, ours.unit, task);
    assert.ok(ours.value > 0 && twin.value > 0, task);
  }
  const nic: VisionBenchLine[] = [];
  await benchVision({ tasks: ['caption'], batches: 1, warmup: 0, rounds: 1, pytorch: [torchPython] }, (l) => nic.push(l));
  assert.is(Number(nic[1].parameters) - Number(nic[0].parameters), 512);
});

BenchVision.run();
