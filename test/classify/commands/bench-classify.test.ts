import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runDeeper } from '../../helpers/run-deeper';


const BenchClassify = suite('deeper bench classify');

const benchClassify = (args: string[]) => runDeeper(['bench', 'classify', '--json', ...args]);

BenchClassify('--pytorch alternates each model with its PyTorch twin, reports medians, per-round ratios, the extrapolated epoch and the parameter check', async () => {
  // A stand-in "python" that imports torch and, run on the script, checks it got the same
  // settings and prints a fixed step time (the second call twice the first) and a parameter count.
  const folder = mkdtempSync(join(tmpdir(), 'deeper-fake-python-'));
  const python = join(folder, 'python');
  const state = join(folder, 'calls');
  writeFileSync(python, `#!/bin/sh
[ "$1" = "-c" ] && exit 0
case "$*" in *'classifier_models_torch.py --models mlp --threads 1 --steps 2 --warmup 1 --batch-size 4') ;; *) echo "unexpected: $*" >&2; exit 3;; esac
n=$(cat ${state} 2>/dev/null || echo 0); n=$((n + 1)); echo $n > ${state}
echo '{"name": "classify-train-step", "model": "mlp", "backend": "pytorch-cpu", "unit": "ms", "value": '$((10 * n))', "parameters": 235146, "torch": "fake", "blas": "openblas:/fake"}'
`);
  chmodSync(python, 0o755);
  try {
    const { code, stdout, stderr } = await benchClassify(['--models', 'mlp', '--steps', '2', '--warmup', '1', '--batch-size', '4', '--threads', '1', '--rounds', '2', '--python', python]);
    assert.is(code, 0, stderr);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    const find = (name: string, backend?: string) => lines.find((l) => l.name === name && (backend === undefined || l.backend === backend));
    const deeper = find('classify-train-step', 'wasm+native') ?? find('classify-train-step', 'wasm');
    assert.is(deeper.model, 'mlp');
    assert.is(deeper.perRound.length, 2);
    assert.is(deeper.parameters, 235146);
    const torch = find('classify-train-step', 'pytorch-cpu');
    assert.equal(torch.perRound, [10, 20]);
    assert.is(torch.value, 15);
    assert.is(torch.blas, 'openblas:/fake');
    assert.is(find('classify-epoch-seconds', 'pytorch-cpu').value, 15000 * 15 / 1000);
    const ratio = find('classify-train-vs-pytorch');
    assert.ok(Math.abs(ratio.perRound[0] - 10 / deeper.perRound[0]) < 0.05 * ratio.perRound[0], JSON.stringify([ratio, deeper]));
    assert.ok(Math.abs(ratio.perRound[1] - 20 / deeper.perRound[1]) < 0.05 * ratio.perRound[1], JSON.stringify([ratio, deeper]));
    assert.is(find('classify-parameters-match').value, true);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

BenchClassify('an unknown model is refused by name', async () => {
  const { code, stderr } = await benchClassify(['--models', 'alexnet', '--steps', '1']);
  assert.is.not(code, 0);
  assert.match(stderr, /--models among deep-cnn.*"alexnet"/);
});

BenchClassify.run();
