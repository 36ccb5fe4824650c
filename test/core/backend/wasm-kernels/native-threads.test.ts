import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const runTiled = suite('runTiled');

/** deeper's wasm thread pool on two threads; the native addon stays off (with it on, the passes these fixtures drive run on its own threads instead). */
const wasmPoolEnv = { ...process.env, DEEPER_WASM_THREADS: '2', DEEPER_NATIVE: '0' };

runTiled('a worker that never answers stops the kernel with an error naming it and the worker, within the limit, and the pool refuses until reloaded', () => {
  const fixture = fileURLToPath(new URL('../fixtures/thread-timeout-child.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', timeout: 120_000, env: wasmPoolEnv });
  assert.is(child.status, 0, child.stderr);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
  assert.ok(result.shared, 'the kernel was shared with a worker before the hold');
  assert.is(result.timeout?.name, 'ThreadWaitTimeoutError');
  assert.match(result.timeout.message, /^relu_grad_f32 expects its worker threads to finish within 1\.5 s/);
  assert.match(result.timeout.message, /worker 1 \(thread \d+\) never took job \d+: it is still waiting for a job/);
  assert.match(result.timeout.message, /resume it from its last checkpoint/);
  assert.ok(result.seconds >= 1.4 && result.seconds < 20, `gave up after ${result.seconds} s`);
  assert.match(result.retired, /pool was retired: relu_grad_f32 \(job \d+\) timed out after 1\.5 s/);
  assert.is(result.again, result.expected, 'a reloaded backend computes the same gradient again');
});

runTiled('a wake-up that brings no new job is ignored: every job runs once while a third thread notifies the pool thousands of times a second', () => {
  // The hang of issue 13: a late notify made the worker run a job twice and count it down twice
  // (to −1), and the caller waited forever. Before the fix this failed within 5–47 jobs.
  const fixture = fileURLToPath(new URL('../fixtures/late-wake-child.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', fixture, '300'], { encoding: 'utf8', timeout: 240_000, env: wasmPoolEnv });
  assert.is(child.status, 0, child.stderr);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!);
  assert.is(result.error, null, JSON.stringify(result.error));
  assert.is(result.checked, 300);
  assert.is(result.jobs, 300, 'each gradient was shared with the worker');
});

runTiled.run();
