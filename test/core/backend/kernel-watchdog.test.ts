import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const watchdog = suite('startKernelWatchdog');

watchdog('stops a process whose kernel blocks the main thread past 1.5 × the limit, naming the kernel and every thread\'s wait', () => {
  const fixture = fileURLToPath(new URL('./fixtures/stalled-kernel-child.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, DEEPER_WASM_THREADS: '2', DEEPER_WAIT_TIMEOUT_S: '1' },
  });
  assert.is(child.signal, 'SIGKILL', `ended with ${child.status ?? child.signal}: ${child.stderr}`);
  assert.match(child.stdout, /normal ok/);
  assert.not.match(child.stdout, /returned/);
  assert.match(child.stderr, /ThreadWaitTimeoutError: kernel DeeperTestStall expects to finish within 1\.5 s, but it has held the main thread for \d+ s/);
  assert.match(child.stderr, /resume the run from its last checkpoint/);
  assert.match(child.stderr, /thread \d+ \(.+\): state [A-Z], waiting in \S+/);
  // The kernel blocks for 60 s; the watchdog acts at 1.5 s (give or take its half-second poll and a busy machine).
  const held = Number(/held the main thread for (\d+) s/.exec(child.stderr)![1]);
  assert.ok(held <= 10, `stopped after ${held} s, long before the block would have ended`);
});

watchdog.run();
