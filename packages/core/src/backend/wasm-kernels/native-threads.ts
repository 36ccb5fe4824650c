/**
 * Runs a native kernel (./native-kernels.ts) on as many threads as the wasm backend has.
 *
 * The threaded wasm build keeps its heap in shared memory, so a Node worker that
 * instantiates kernels-shared.wasm on that same memory computes on the same tensors. A
 * kernel whose work is numbered in independent tiles (each tile writes its own part of the
 * output) is split in equal runs of tiles: the calling thread takes the first run, each
 * worker one of the others. The call is synchronous like every wasm kernel: the caller
 * waits on an `Atomics` counter in a small control block until every worker has finished.
 * The control block is a SharedArrayBuffer of its own, not a piece of the wasm heap, so that
 * only this file's code can touch it.
 *
 * The hang of issue 13 was in this hand-off. A worker used to take every return from its
 * wait as a new job. But posting a job is two steps, store the sequence number, then
 * notify. A worker still on its way back to its wait when the number is stored takes the
 * job at once (its wait sees the new number and returns "not-equal"), finishes it and
 * waits again; if the caller was preempted between its two steps (a loaded machine), the
 * notify meant for that job arrives only now and wakes the worker once more. It then
 * ran the job a second time and counted it down a second time: the count of workers still
 * running went from 0 to −1, and the caller, waiting for 0, waited forever with every
 * thread idle. Now a worker runs a job only when the sequence number has moved, so a late
 * or spurious wake-up is harmless, and a count below zero stops the call with an error.
 * A test wakes the worker from a third thread thousands of times a second while kernels
 * run (the old loop failed within 5–47 jobs, the new one runs every job once).
 *
 * Control block, int32 slots: 0 job sequence (−1: stop), 1 workers still running,
 * 2 kernel index, 3 argument count, 4 tiles, 5 participants, 6 error flag, 7 hold (tests
 * only: workers wait while it is 1), 8… arguments, and from `statusSlot` two slots per
 * worker: the last job it started and the last it finished.
 *
 * No wait here can hang a run silently (issue 13): the caller waits in slices of a second
 * and gives up after `waitTimeoutSeconds()` (read once, when the pool starts, not on every
 * call) with a `ThreadWaitTimeoutError` that names the kernel and, from the status slots,
 * whether each worker never took the job or took it and never finished. The pool is then
 * retired: a late worker could still write into the heap, so every later call refuses
 * until the backend is reloaded. Workers wait for jobs without a limit: an idle pool is
 * not a hang.
 *
 * Workers are unref'd, so they never keep the process alive; `stopNativeThreads` ends
 * them (releaseBackend calls it).
 */
import { Worker } from 'node:worker_threads';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { DeeperError, ThreadWaitTimeoutError } from '../../errors';
import { waitTimeoutSeconds } from '../wait-timeout';
import { nativeKernelBytes, nativeKernels, type NativeKernelName } from './native-kernels';

/** The native kernels that take a tile range as their last two arguments. */
const tiledKernels: NativeKernelName[] = ['conv2d_backprop_filter_f32', 'max_pool_grad_f32', 'relu_grad_f32', 'channel_affine_f32'];

const maxArgs = 48;
/** First of the two status slots per worker (last job started, last job finished). */
const statusSlot = 8 + maxArgs;
/** Workers a pool can have: getThreadsCount() is at most 8 (tfjs-backend-wasm). */
const maxWorkers = 16;
const slots = statusSlot + 2 * maxWorkers;
/** Job sequence numbers stay in [0, 2^30): −1 is the stop signal, so they must never wrap negative. */
const sequenceMask = 0x3fffffff;

/** The worker's whole program (CommonJS, run with `eval`): wait for a job, run its tiles, count down. */
const workerSource = `
const { workerData } = require('node:worker_threads');
const { bytes, memory, control, index, names } = workerData;
const kernels = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const c = new Int32Array(control);
const started = ${statusSlot} + 2 * (index - 1), finished = started + 1;
let seen = 0; // the sequence when the pool was made: a job posted while this worker started still runs
for (;;) {
  // Only a new sequence number is a job, never a wake-up by itself: the notify that posts a job
  // can arrive after this worker already took that job (its wait returned "not-equal") and
  // finished it; taking the wake-up as a job ran it twice and counted it down twice (issue 13).
  let next = Atomics.load(c, 0);
  while (next === seen) {
    Atomics.wait(c, 0, seen);
    next = Atomics.load(c, 0);
  }
  seen = next;
  if (seen < 0) break;
  for (let hold = Atomics.load(c, 7); hold !== 0; hold = Atomics.load(c, 7)) Atomics.wait(c, 7, hold);
  Atomics.store(c, started, seen);
  try {
    const tiles = c[4], n = c[5];
    const args = Array.from(c.subarray(8, 8 + c[3]));
    kernels[names[c[2]]](...args, Math.floor(index * tiles / n), Math.floor((index + 1) * tiles / n));
  } catch (error) {
    Atomics.store(c, 6, 1);
  }
  Atomics.store(c, finished, seen);
  if (Atomics.sub(c, 1, 1) === 1) Atomics.notify(c, 1);
}
`;

interface Pool { control: Int32Array; workers: Worker[]; retired: string | null; limitMs: number }

const pools = new Map<BackendWasm, Pool>();

let jobsShared = 0;

/** How many kernel calls so far were shared with worker threads (for tests and profiling). */
export function nativeThreadJobs(): number {
  return jobsShared;
}

/** The pool of `threads − 1` workers for `backend`, started on first use. */
function poolFor(backend: BackendWasm, threads: number): Pool {
  let pool = pools.get(backend);
  if (!pool) {
    const module = backend.wasm as unknown as { wasmMemory: { buffer: SharedArrayBuffer } };
    // The control block lives in its own shared buffer, outside the wasm heap, where no
    // kernel's or allocator's write into the heap can reach it (see the file comment).
    const control = new Int32Array(new SharedArrayBuffer(slots * 4));
    const bytes = nativeKernelBytes(true);
    if (threads - 1 > maxWorkers) throw new DeeperError(`runTiled expects at most ${maxWorkers + 1} threads, but the backend has ${threads}`);
    const workers = Array.from({ length: threads - 1 }, (_, i) => {
      const worker = new Worker(workerSource, {
        eval: true,
        workerData: { bytes, memory: module.wasmMemory, control: control.buffer, index: i + 1, names: tiledKernels },
      });
      worker.unref();
      return worker;
    });
    pool = { control, workers, retired: null, limitMs: waitTimeoutSeconds() * 1000 };
    pools.set(backend, pool);
  }
  return pool;
}

/**
 * Below this many values a kernel runs on the calling thread alone: waking a worker costs
 * tens of microseconds, more than such a pass takes.
 */
export const parallelFromValues = 2 ** 16;

/**
 * Calls native kernel `name` with `args` followed by a tile range, over tiles [0, tiles),
 * split across the backend's threads (one thread where its heap is not shared, or where
 * the kernel touches fewer than `parallelFromValues` values).
 */
export function runTiled(backend: BackendWasm, name: NativeKernelName, args: number[], tiles: number, values = Infinity): void {
  const kernel = nativeKernels(backend)[name] as unknown as (...values: number[]) => void;
  const shared = (backend.wasm as unknown as { wasmMemory?: { buffer: unknown } }).wasmMemory?.buffer instanceof SharedArrayBuffer;
  const threads = shared && values >= parallelFromValues ? Math.min(getThreadsCount(), tiles) : 1;
  if (threads <= 1) {
    kernel(...args, 0, tiles);
    return;
  }
  if (args.length > maxArgs) throw new Error(`runTiled expects at most ${maxArgs} arguments for ${name}, but received ${args.length}`);
  const pool = poolFor(backend, getThreadsCount());
  if (pool.retired !== null) throw new DeeperError(`runTiled expects a working thread pool for ${name}, but the pool was retired: ${pool.retired}. Reload the backend (releaseBackend, then selectBackend) or restart the run from its last checkpoint`);
  const { control: c, workers } = pool;
  const n = workers.length + 1;
  const job = (Atomics.load(c, 0) + 1) & sequenceMask;
  c.set(args, 8);
  c[2] = tiledKernels.indexOf(name);
  c[3] = args.length;
  c[4] = tiles;
  c[5] = n;
  Atomics.store(c, 6, 0);
  Atomics.store(c, 1, workers.length);
  Atomics.store(c, 0, job);
  Atomics.notify(c, 0);
  jobsShared++;
  try {
    kernel(...args, 0, Math.floor(tiles / n));
  } finally {
    // Even when this thread's share failed, the workers are still writing: wait for them.
    awaitWorkers(pool, name, job);
  }
  if (Atomics.load(c, 6) !== 0) throw new Error(`deeper's native ${name} failed on a worker thread (a wasm trap): its result is not usable`);
}

/**
 * Waits until every worker has finished job `job`, in one-second slices; past the time
 * limit, retires the pool and throws an error that says what each worker was doing.
 */
function awaitWorkers(pool: Pool, name: string, job: number): void {
  const { control: c, limitMs } = pool;
  const start = performance.now();
  for (let left = Atomics.load(c, 1); left !== 0; left = Atomics.load(c, 1)) {
    if (left < 0) {
      // More count-downs than workers: a worker ran a job twice. Nothing would ever bring the count back to 0.
      pool.retired = `${name} (job ${job}) counted down ${-left} more time${left === -1 ? '' : 's'} than it has workers`;
      throw new DeeperError(`runTiled expects each worker to count job ${job} of ${name} down once, but the count went to ${left}: a worker ran it twice, and its result may be wrong. The pool is retired; resume from the last checkpoint`);
    }
    const waited = performance.now() - start;
    if (waited >= limitMs) {
      const threads = pool.workers.map((worker, i) => {
        const started = Atomics.load(c, statusSlot + 2 * i);
        const finished = Atomics.load(c, statusSlot + 2 * i + 1);
        const who = `worker ${i + 1} (thread ${worker.threadId})`;
        if (finished === job) return `${who} finished it`;
        if (started === job) return `${who} took job ${job} and has not finished it (still computing, or stopped inside the kernel)`;
        return `${who} never took job ${job}: it is still waiting for a job, its last finished job being ${finished} (the wake-up did not reach it, or the thread is gone)`;
      });
      const seconds = Math.round(limitMs / 100) / 10;
      pool.retired = `${name} (job ${job}) timed out after ${seconds} s`;
      throw new ThreadWaitTimeoutError(name, seconds, [`the calling thread finished its share`, ...threads]);
    }
    Atomics.wait(c, 1, left, Math.min(1000, limitMs - waited));
  }
}

/**
 * For stress tests (`deeper stress`): starts a thread that wakes `backend`'s pool workers
 * for no job, over and over (`perSecond` times a second at most), as late notifies on a
 * loaded machine do; a correct hand-off ignores them (issue 13). Returns the stop
 * function, or null when the backend has no shared pool yet (run one shared kernel first).
 */
export function startWakeNoise(backend: BackendWasm, perSecond = 20_000): (() => Promise<void>) | null {
  const pool = pools.get(backend);
  if (!pool) return null;
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const noise = new Worker(`
const { workerData } = require('node:worker_threads');
const c = new Int32Array(workerData.control);
const stop = new Int32Array(workerData.stop);
const pauseMs = 1000 / workerData.perSecond;
while (Atomics.load(stop, 0) === 0) {
  Atomics.notify(c, 0);
  Atomics.wait(stop, 0, 0, pauseMs);
}
`, { eval: true, workerData: { control: pool.control.buffer, stop: stop.buffer, perSecond } });
  noise.unref();
  return async () => {
    Atomics.store(stop, 0, 1);
    Atomics.notify(stop, 0);
    await noise.terminate();
  };
}

/**
 * Tests only: while `on`, workers that receive a job wait before starting it, as a worker
 * that never answers would, so that the time-out path can be exercised.
 */
export function holdNativeWorkersForTest(backend: BackendWasm, on: boolean): void {
  const pool = pools.get(backend);
  if (!pool) return;
  Atomics.store(pool.control, 7, on ? 1 : 0);
  if (!on) Atomics.notify(pool.control, 7);
}

/** Ends every pool's workers (they are waiting for a job, so they stop at once). */
export function stopNativeThreads(): void {
  for (const [backend, { control }] of pools) {
    Atomics.store(control, 7, 0);
    Atomics.notify(control, 7);
    Atomics.store(control, 0, -1);
    Atomics.notify(control, 0);
    pools.delete(backend);
  }
}
