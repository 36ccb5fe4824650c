import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import { runDeeperWasm } from '../helpers/run-deeper';
import * as assert from 'uvu/assert';

/** Runs `deeper <args>` on wasm; `onStderr` may act on progress (e.g. send SIGINT). */
const deeper = (args: string[], onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void) => runDeeperWasm(args, onStderr);

const Demo = suite('deeper demo');

Demo('a run killed (SIGKILL) mid-way resumes to the same final weights as an uninterrupted run', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-demo-kill-'));
  try {
    const budget = (dir: string) => ['demo', '--epochs', '3', '--limit', '40', '--batch-size', '20', '--test-count', '20', '--seed', '4', '--out', dir, '--progress-every', '1'];
    const killed = await deeper(budget(join(out, 'a')), (text, kill) => {
      if (/step 3 batch/.test(text)) kill('SIGKILL');
    });
    assert.is(killed.code, null, 'killed by the signal');
    const dir = join(out, 'a', readdirSync(join(out, 'a'))[0]);
    assert.not.ok(existsSync(join(dir, 'checkpoints', 'step-00000006')));
    const resumed = await deeper(['demo', '--resume', dir]);
    assert.is(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resumed at epoch 2, step 2 from/);
    const full = await deeper(budget(join(out, 'b')));
    assert.is(full.code, 0, full.stderr);
    const fullDir = join(out, 'b', readdirSync(join(out, 'b'))[0]);
    const weights = (d: string) => readFileSync(join(d, 'checkpoints', 'step-00000006', 'weights.bin'));
    assert.ok(weights(dir).equals(weights(fullDir)), 'byte-identical final weights');
    assert.match(resumed.stdout, /test accuracy: \d+\.\d\d % on 20 digits/);
    assert.is(resumed.stdout.split('\n')[0], full.stdout.split('\n')[0], 'same test accuracy line');
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.equal([config.runId, config.epochs, config.limit, config.seed], [dir.split('/').pop(), 3, 40, 4]);
    assert.match(config.runId, /^mnist__deep-cnn__4__\d+$/);
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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  Demo(`${signal} mid-epoch writes a checkpoint at that step, prints the resume command, and the resumed run ends with the uninterrupted run's weights`, async () => {
    const out = mkdtempSync(join(tmpdir(), 'deeper-demo-signal-'));
    try {
      const budget = (dir: string) => ['demo', '--epochs', '3', '--limit', '40', '--batch-size', '20', '--test-count', '20', '--seed', '4', '--out', dir, '--progress-every', '1'];
      const stopped = await deeper(budget(join(out, 'a')), (text, kill) => {
        if (/step 3 batch/.test(text)) kill(signal);
      });
      assert.is(stopped.code, 0, stopped.stderr);
      const dir = join(out, 'a', readdirSync(join(out, 'a'))[0]);
      // The signal lands after step 3 or, on a busy machine, during a later step: the loop stops before the next
      // minibatch, so the newest checkpoint is the last step taken (epoch checkpoints fall at steps 2, 4, 6).
      const taken = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'batch').map((l) => l.step as number);
      const last = Math.max(...taken);
      assert.ok(last >= 3 && last < 6, `stopped after step ${last}, before the end`);
      const newest = readdirSync(join(dir, 'checkpoints')).sort().pop();
      assert.is(newest, `step-${String(last).padStart(8, '0')}`, 'a checkpoint at the stopping step');
      assert.match(stopped.stdout, new RegExp(`interrupted; last checkpoint .*${newest}; continue with: deeper demo --resume ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.not.match(stopped.stdout, /test accuracy/);
      if (signal === 'SIGTERM') {
        const resumed = await deeper(['demo', '--resume', dir]);
        assert.is(resumed.code, 0, resumed.stderr);
        assert.match(resumed.stderr, new RegExp(`resumed at epoch \\d, step ${last} from`));
        const full = await deeper(budget(join(out, 'b')));
        const fullDir = join(out, 'b', readdirSync(join(out, 'b'))[0]);
        const weights = (d: string) => readFileSync(join(d, 'checkpoints', 'step-00000006', 'weights.bin'));
        assert.ok(weights(dir).equals(weights(fullDir)), 'byte-identical final weights');
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

Demo('refuses a bad option and a folder that is not a run', async () => {
  const bad = await deeper(['demo', '--epochs', '0']);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /--epochs to be a positive integer, but received "0"/);
  const notRun = await deeper(['demo', '--resume', tmpdir()]);
  assert.is(notRun.code, 1);
  assert.match(notRun.stderr, /config\.json.*not a run folder/);
});

Demo.run();
