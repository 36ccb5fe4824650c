import { createRequire } from 'node:module';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { threadStartupTimeoutSeconds, ThreadStartupError, watchThreadStartup } from '../../../packages/core/src/backend/wasm-thread-startup';

// The CommonJS module object, whose Worker Emscripten's require('worker_threads') reads.
const workerThreads = createRequire(import.meta.url)('node:worker_threads') as { Worker: typeof NodeWorker };
const OriginalWorker = workerThreads.Worker;

/** A worker made as Emscripten makes its pool: through the module's Worker as it is at that moment. */
const startWorker = (source: string): NodeWorker => new workerThreads.Worker(source, { eval: true });

const exited = (worker: NodeWorker) => new Promise<number>((resolve) => worker.once('exit', resolve));

const watch = suite('watchThreadStartup');

watch('returns what init returns once its workers have loaded, and restores worker_threads.Worker', async () => {
  const result = await watchThreadStartup(async () => {
    assert.is.not(workerThreads.Worker, OriginalWorker);
    const worker = startWorker(`require('node:worker_threads').parentPort.postMessage({ cmd: 'loaded' });`);
    // A worker that has loaded may end: that is not a failed start.
    await exited(worker);
    return 42;
  }, { timeoutSeconds: 60 });
  assert.is(result, 42);
  assert.is(workerThreads.Worker, OriginalWorker);
});

watch('rejects, naming the worker and its exit code, when a worker ends before it has loaded', async () => {
  let error: unknown;
  try {
    await watchThreadStartup(async () => {
      const first = startWorker(`require('node:worker_threads').parentPort.postMessage({ cmd: 'loaded' });`);
      // The second worker starts only once the first has answered, so that "1 loaded" holds
      // however slowly the first starts on a loaded machine (CI once saw the exit first). The
      // watcher's listener was attached in the constructor, so it has run before this one.
      await new Promise((resolve) => first.once('message', resolve));
      startWorker('process.exit(3)');
      // Emscripten's start-up waits for every worker: a promise that never settles.
      return new Promise<never>(() => {});
    }, { timeoutSeconds: 60 });
  } catch (e) {
    error = e;
  }
  assert.instance(error, ThreadStartupError);
  assert.match((error as Error).message, /pthread worker 2 of 2 exited with code 3 before it loaded the module \(1 loaded\)/);
  assert.is(workerThreads.Worker, OriginalWorker);
});

watch('rejects after timeoutSeconds, counting the loaded workers, and terminates the workers it saw', async () => {
  let exit: Promise<number> | undefined;
  let error: unknown;
  const started = Date.now();
  try {
    await watchThreadStartup(async () => {
      exit = exited(startWorker('setInterval(() => {}, 1000);'));
      return new Promise<never>(() => {});
    }, { timeoutSeconds: 0.3 });
  } catch (e) {
    error = e;
  }
  assert.instance(error, ThreadStartupError);
  assert.match((error as Error).message, /start-up did not finish within 0\.3 s \(0 of 1 pthread workers loaded\)/);
  assert.ok(Date.now() - started >= 290, `rejected after ${Date.now() - started} ms`);
  // terminate() ends the worker: its exit code is 1.
  assert.is(await exit, 1);
});

watch("passes init's own error through unchanged", async () => {
  const own = new Error('the wasm binary is missing');
  let error: unknown;
  try {
    await watchThreadStartup(async () => {
      throw own;
    }, { timeoutSeconds: 60 });
  } catch (e) {
    error = e;
  }
  assert.is(error, own);
  assert.is(workerThreads.Worker, OriginalWorker);
});

watch.run();

const limit = suite('threadStartupTimeoutSeconds');

limit('120 s by default, DEEPER_WASM_START_TIMEOUT_S when set, and a clear error for a bad value', () => {
  const saved = process.env.DEEPER_WASM_START_TIMEOUT_S;
  try {
    delete process.env.DEEPER_WASM_START_TIMEOUT_S;
    assert.is(threadStartupTimeoutSeconds(), 120);
    process.env.DEEPER_WASM_START_TIMEOUT_S = '2.5';
    assert.is(threadStartupTimeoutSeconds(), 2.5);
    process.env.DEEPER_WASM_START_TIMEOUT_S = 'soon';
    assert.throws(() => threadStartupTimeoutSeconds(), /the wasm backend expects DEEPER_WASM_START_TIMEOUT_S to be a positive number of seconds, but received "soon"/);
  } finally {
    if (saved === undefined) delete process.env.DEEPER_WASM_START_TIMEOUT_S;
    else process.env.DEEPER_WASM_START_TIMEOUT_S = saved;
  }
});

limit.run();
