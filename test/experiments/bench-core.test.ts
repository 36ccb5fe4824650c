import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../..', import.meta.url).pathname;

const BenchCore = suite('deeper bench core');

BenchCore('prints one JSON object per line with wasm and cpu throughput, speedup, memory and tensor counts', async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'experiments/src/main.ts', 'bench', 'core', '--json', '--batches', '2', '--warmup', '1',
      '--batch-size', '4', '--cpu-batch-size', '1', '--cpu-batches', '1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
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

BenchCore.run();
