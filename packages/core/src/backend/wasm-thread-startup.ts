/**
 * Watches the threaded wasm build while it starts, so that a start-up that cannot finish
 * fails with a message instead of ending the process silently.
 *
 * Emscripten starts a pool of pthread workers (`worker_threads`) and holds the module back
 * until every one of them has answered `loaded`; as each answers it is unref'd. Should a
 * worker die before answering, nothing is left to keep Node's event loop alive, the
 * backend's promise never settles, and Node ends the process with exit code 13
 * ("unsettled top-level await") and no output at all: this happened once in CI, on a
 * loaded machine, in the packaging smoke test. While `init` runs, `watchThreadStartup`
 * therefore records every worker created (through `worker_threads.Worker`), keeps the
 * event loop alive with a timer, and rejects with `ThreadStartupError` when a worker exits
 * or fails before it has loaded, or when start-up takes longer than `timeoutSeconds`
 * (`DEEPER_WASM_START_TIMEOUT_S`, 120 s by default).
 * The recorded workers are terminated on failure, so the caller can fall back.
 */
import { createRequire } from 'node:module';
import type { Worker as NodeWorker } from 'node:worker_threads';
import { secondsFromEnv } from './seconds-from-env';

/**
 * The start-up limit in seconds: `DEEPER_WASM_START_TIMEOUT_S`, default 120. Its own setting,
 * not `DEEPER_WAIT_TIMEOUT_S` (a kernel's wait): starting eight workers and compiling the
 * module in each takes 1–3 s here and tens of seconds on a machine under heavy load, while
 * tests set the kernel wait to a second.
 */
export function threadStartupTimeoutSeconds(): number {
  return secondsFromEnv('DEEPER_WASM_START_TIMEOUT_S', 120);
}

/** Why the threaded build did not start. */
export class ThreadStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThreadStartupError';
  }
}

/** How `watchThreadStartup` decides that start-up has failed. */
export interface ThreadStartupOptions {
  /** Longest start-up before it fails; `selectBackend` passes `threadStartupTimeoutSeconds()` (120 s). */
  timeoutSeconds: number;
}

type WorkerModule = { Worker: typeof NodeWorker };

/** Runs `init` with its pthread workers watched; resolves with `init`'s result. */
export async function watchThreadStartup<T>(init: () => Promise<T>, options: ThreadStartupOptions): Promise<T> {
  const workerThreads = createRequire(import.meta.url)('node:worker_threads') as WorkerModule;
  const OriginalWorker = workerThreads.Worker;
  const workers: { worker: NodeWorker; loaded: boolean; detach: () => void }[] = [];
  let fail: (error: ThreadStartupError) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const loadedCount = () => workers.filter((w) => w.loaded).length;
  class WatchedWorker extends OriginalWorker {
    constructor(...args: ConstructorParameters<typeof NodeWorker>) {
      super(...args);
      const entry = { worker: this as NodeWorker, loaded: false, detach: () => {} };
      const index = workers.push(entry);
      const onMessage = (data: unknown) => {
        if ((data as { cmd?: unknown } | null)?.cmd === 'loaded') entry.loaded = true;
      };
      const onExit = (code: number) => {
        if (!entry.loaded) fail(new ThreadStartupError(`pthread worker ${index} of ${workers.length} exited with code ${code} before it loaded the module (${loadedCount()} loaded)`));
      };
      const onError = (error: Error) => {
        if (!entry.loaded) fail(new ThreadStartupError(`pthread worker ${index} of ${workers.length} failed before it loaded the module: ${error.message.split('\n')[0]}`));
      };
      this.on('message', onMessage);
      this.on('exit', onExit);
      this.on('error', onError);
      entry.detach = () => {
        this.off('message', onMessage);
        this.off('exit', onExit);
        this.off('error', onError);
      };
    }
  }
  workerThreads.Worker = WatchedWorker;
  // A ref'd timer: the event loop stays alive whatever the workers' ref state.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ThreadStartupError(`start-up did not finish within ${options.timeoutSeconds} s (${loadedCount()} of ${workers.length} pthread workers loaded)`));
    }, options.timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([init(), failed, timedOut]);
  } catch (error) {
    if (error instanceof ThreadStartupError) for (const { worker } of workers) void worker.terminate();
    throw error;
  } finally {
    clearTimeout(timer);
    workerThreads.Worker = OriginalWorker;
    for (const entry of workers) entry.detach();
  }
}
