import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../..', import.meta.url).pathname;

interface Ran { code: number | null; stdout: string; stderr: string }

/** Runs `deeper <args>` on wasm; `onStderr` may act on progress (e.g. send SIGINT). */
function deeper(args: string[], onStderr?: (text: string, kill: () => void) => void): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'experiments/src/main.ts', '--backend', 'wasm', ...args], {
      cwd: root, env: { ...process.env, DEEPER_WASM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, () => {
        if (!signalled) child.kill('SIGINT');
        signalled = true;
      });
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const Demo = suite('deeper demo');

Demo('trains with a tiny budget, is stopped by Ctrl-C after a checkpoint, and --resume finishes the run', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-demo-'));
  try {
    const budget = ['demo', '--epochs', '3', '--limit', '40', '--batch-size', '20', '--test-count', '20', '--out', out, '--progress-every', '1'];
    const first = await deeper(budget, (text, kill) => {
      if (/checkpoint at step 2:/.test(text)) kill();
    });
    assert.is(first.code, 0, first.stderr);
    const [id] = readdirSync(out);
    assert.match(id, /^mnist__deep-cnn__0__\d+$/);
    const dir = join(out, id);
    assert.match(first.stdout, new RegExp(`interrupted; continue with: deeper demo --resume ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.is(config.runId, id);
    assert.is(config.epochs, 3);
    assert.is(config.limit, 40);
    assert.ok(existsSync(join(dir, 'checkpoints', 'step-00000002', 'state.json')));

    const second = await deeper(['demo', '--resume', dir]);
    assert.is(second.code, 0, second.stderr);
    assert.match(second.stderr, /resumed at epoch \d, step [24] from/);
    assert.match(second.stdout, /test accuracy: \d+\.\d\d % on 20 digits/);
    assert.ok(existsSync(join(dir, 'checkpoints', 'step-00000006', 'model.json')));
    assert.ok(readFileSync(join(dir, 'plots', 'training.svg'), 'utf8').startsWith('<svg'));
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const types = lines.map((l) => l.type);
    assert.ok(types.includes('resume'));
    assert.is(types[types.length - 1], 'test');
    assert.is(lines[lines.length - 1].step, 6);
    assert.ok(lines.every((l) => typeof l.time === 'number' && typeof l.step === 'number'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

Demo('refuses a bad option and a folder that is not a run', async () => {
  const bad = await deeper(['demo', '--epochs', '0']);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /--epochs to be a positive integer, but received "0"/);
  const notRun = await deeper(['demo', '--resume', tmpdir()]);
  assert.is(notRun.code, 1);
  assert.match(notRun.stderr, /config\.json.*not a run folder/);
});

Demo.run();
