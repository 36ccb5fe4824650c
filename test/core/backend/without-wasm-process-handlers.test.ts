import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { withoutWasmProcessHandlers } from '../../../packages/core/src/backend/without-wasm-process-handlers';

const withoutHandlers = suite('withoutWasmProcessHandlers');

withoutHandlers('removes the error listeners init adds and keeps the ones that were there', async () => {
  const mine = () => {};
  process.on('uncaughtException', mine);
  const added = () => {};
  const addedRejection = () => {};
  try {
    await withoutWasmProcessHandlers(async () => {
      process.on('uncaughtException', added);
      process.on('unhandledRejection', addedRejection);
    });
    assert.ok(process.listeners('uncaughtException').includes(mine));
    assert.not.ok(process.listeners('uncaughtException').includes(added));
    assert.not.ok(process.listeners('unhandledRejection').includes(addedRejection));
  } finally {
    process.off('uncaughtException', mine);
  }
});

withoutHandlers('removes them when init fails too, and passes the failure on', async () => {
  const added = () => {};
  await withoutWasmProcessHandlers(async () => {
    process.on('uncaughtException', added);
    throw new Error('init failed');
  }).then(() => assert.unreachable('should reject'), (error: Error) => assert.is(error.message, 'init failed'));
  assert.not.ok(process.listeners('uncaughtException').includes(added));
});

const userScript = suite('an uncaught error in a user script after selectBackend');
const fixture = fileURLToPath(new URL('./fixtures/user-script-error.ts', import.meta.url));

function runFixture(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 });
}

for (const threads of ['1', '2']) {
  userScript(`prints the error and its stack as plain Node does and exits 1 (${threads} wasm thread${threads === '1' ? '' : 's'})`, () => {
    const child = runFixture({ DEEPER_WASM_THREADS: threads });
    assert.is(child.status, 1, `exit code (stderr: ${child.stderr.slice(0, 400)})`);
    assert.match(child.stderr, /Error: my own mistake\n\s+at .*user-script-error\.ts:\d+/);
    assert.ok(child.stderr.length < 2000, `stderr is ${child.stderr.length} characters, expected a few lines`);
    assert.not.match(child.stderr, /GROWABLE_HEAP|Emscripten/);
  });
}

userScript('an unhandled rejection prints the error and exits 1', () => {
  const child = runFixture({ DEEPER_WASM_THREADS: '2', DEEPER_FIXTURE_MISTAKE: 'rejection' });
  assert.is(child.status, 1, `exit code (stderr: ${child.stderr.slice(0, 400)})`);
  assert.match(child.stderr, /Error: my own rejected promise\n\s+at /);
  assert.ok(child.stderr.length < 2000, `stderr is ${child.stderr.length} characters, expected a few lines`);
});

withoutHandlers.run();
userScript.run();
