import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePositive, runStress } from '../../experiments/src/commands/stress';
import { runStressChild } from '../../experiments/src/stress/stress-run';

const parse = suite('parsePositive');

parse('refuses a --minutes or --runs that is not a positive number, naming the flag, the value and what was expected', () => {
  for (const [flag, text, integer, expected] of [
    ['--minutes', '0', false, 'a positive number'], ['--minutes', '-3', false, 'a positive number'], ['--minutes', 'ten', false, 'a positive number'],
    ['--minutes', '', false, 'a positive number'], ['--runs', '2.5', true, 'a positive integer'], ['--runs', 'Infinity', true, 'a positive integer'],
  ] as const) {
    assert.throws(() => parsePositive(flag, text, integer), (e: Error) =>
      e.message === `deeper stress expects ${flag} to be ${expected}, but received ${JSON.stringify(text)}`);
  }
  assert.is(parsePositive('--minutes', '0.5', false), 0.5);
  assert.is(parsePositive('--runs', '50', true), 50);
});

const stress = suite('runStress');

stress('short form: a watched run of training steps beside competing load and wake noise, no hang, no error, checkpoints cleaned up', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-stress-test-'));
  try {
    const lines: string[] = [];
    const summary = await runStress({
      runs: 1, steps: 6, minutes: null, stallSeconds: 240, threads: 2, batchSize: 16, load: true, wakeNoise: 20_000, sampleSeconds: 60, out, log: (l) => lines.push(l),
    });
    assert.equal([summary.runs, summary.steps, summary.hangs, summary.errors], [1, 6, 0, 0], lines.join('\n'));
    assert.equal(summary.problems, []);
    assert.ok(summary.load !== null && summary.load.cpuProcesses > 0, 'CPU-bound load processes ran');
    assert.is(summary.wakeNoise, 20_000, 'the wake noise ran');
    assert.match(lines.join('\n'), /run 1\/1: completed, 6 steps/);
    assert.not.ok(existsSync(join(out, 'run-1')), 'a completed run leaves no checkpoints behind');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

const child = suite('runStressChild');

child('the watchdog reports a run without heartbeats as a hang, with where each thread waits', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-stress-test-'));
  try {
    // Startup (tsx, tfjs, the model) takes longer than 0.3 s without a step: a stand-in for a stall.
    const result = await runStressChild({ steps: 5, minutes: 0, stallSeconds: 0.3, runDir: join(out, 'run'), threads: 1, batchSize: 8, wakeNoise: 0, reportPath: join(out, 'hang.txt') });
    assert.is(result.outcome, 'hang');
    assert.match(result.message!, /^no step for \d+ s after step 0/);
    const report = readFileSync(join(out, 'hang.txt'), 'utf8');
    assert.match(report, /threads \(tid name state wchan\):\n\d+ \S+ [A-Z] \S+/);
    assert.match(report, /native backtraces:/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

parse.run();
stress.run();
child.run();
