/**
 * experiments/classify-best-single.ts end to end in a child process: ResNet-20's recipe for
 * one epoch on 200 Fashion-MNIST images, the run folder it writes, both test scores, and
 * --resume of the finished run (nothing left to train; scored again, the same).
 * Needs Debian's dataset-fashion-mnist (skipped without it, as the loader tests are).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../../..', import.meta.url).pathname;
const installed = existsSync('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz') || existsSync('/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte');

function script(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'experiments/classify-best-single.ts', ...args], {
    cwd: root, env: { ...process.env, DEEPER_WASM_THREADS: '1', DEEPER_BACKEND: 'wasm' }, encoding: 'utf8', timeout: 300_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!);
const Best = suite('experiments/classify-best-single.ts');

Best('trains the ResNet-20 recipe, scores the test set plain and with test-time flips, and resumes a finished run', () => {
  if (!installed) {
    console.log('  (skipped: Debian dataset-fashion-mnist is not installed)');
    return;
  }
  const out = mkdtempSync(join(tmpdir(), 'deeper-classify-best-'));
  try {
    const first = script(['--epochs', '1', '--limit', '200', '--test-limit', '200', '--out', out]);
    assert.is(first.status, 0, first.stderr);
    const result = lastJson(first.stdout);
    for (const key of ['test_accuracy', 'test_accuracy_flip_tta']) assert.ok(result[key] >= 0 && result[key] <= 1, `${key}: ${result[key]}`);
    const config = JSON.parse(readFileSync(join(result.run, 'config.json'), 'utf8'));
    assert.equal(
      { model: config.train.model, optimizer: config.train.optimizer, lr: config.train.learningRate, decay: config.train.weightDecay, schedule: config.train.lrSchedule, val: config.train.valFraction, seed: config.train.seed },
      { model: 'resnet20', optimizer: 'momentum', lr: 0.1, decay: 1e-4, schedule: 'cosine', val: 0, seed: 1 },
    );
    assert.equal(config.augment, ['crop', 'flip'], 'the clothing default: crops and flips');
    assert.ok(existsSync(join(result.run, 'checkpoints')), 'checkpoints written');
    const again = script(['--resume', result.run]);
    assert.is(again.status, 0, again.stderr);
    assert.is(lastJson(again.stdout).test_accuracy, result.test_accuracy, 'the resumed, finished run scores what it did');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

Best.run();
