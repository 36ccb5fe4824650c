/**
 * The last line of issue 13's "no silent hang": a watchdog thread that notices when one
 * kernel has held the main thread longer than `waitTimeoutSeconds()`, and then stops the
 * process with a report instead of letting it hang with nothing said.
 *
 * deeper's own waits (runTiled in ./wasm-kernels/native-threads.ts) time out by
 * themselves. The waits inside the compiled XNNPACK build (its pthreadpool waiting for its
 * Emscripten threads) cannot be given a limit from outside the binary, and a main thread
 * blocked in one runs no JavaScript at all: no timer, no signal handler. So the engine's
 * `runKernel` is wrapped to note, in shared memory, which kernel runs and since when, and a
 * worker thread, which keeps running while the main thread is blocked, reads that note
 * every half second. Past 1.5 × the limit (so that deeper's own waits, which give up at
 * the limit with a more precise error, speak first) it writes to stderr the kernel, the seconds, and every
 * thread of the process with the kernel function it sleeps in (Linux /proc), then kills
 * the process (SIGKILL: nothing gentler reaches a main thread blocked inside WebAssembly).
 * Checkpoints are written atomically, so the run folder resumes from the last one.
 *
 * The note costs two Atomics stores per outermost kernel call. The worker is unref'd.
 */
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { waitTimeoutSeconds } from './wait-timeout';

/** Shared layout: Int32 [0] depth, [1] name length, [2] armed; Float64 at byte 16: start (ms since epoch); bytes 32…: the name. */
const nameOffset = 32;
const nameBytes = 96;

const watchdogSource = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { buffer, limitMs } = workerData;
const ints = new Int32Array(buffer, 0, 4);
const start = new Float64Array(buffer, 16, 1);
const name = new Uint8Array(buffer, ${nameOffset}, ${nameBytes});
function threads() {
  try {
    return fs.readdirSync('/proc/self/task').map((tid) => {
      const read = (f) => { try { return fs.readFileSync('/proc/self/task/' + tid + '/' + f, 'utf8').trim(); } catch { return '?'; } };
      const stat = read('stat');
      return '  thread ' + tid + (Number(tid) === process.pid ? ' (main thread, ' : ' (') + read('comm') + '): state ' + stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] + ', waiting in ' + read('wchan');
    }).join('\\n');
  } catch { return '  (no /proc on this system: thread states unavailable)'; }
}
setInterval(() => {
  if (Atomics.load(ints, 2) === 0 || Atomics.load(ints, 0) === 0) return;
  const ran = Date.now() - start[0];
  if (ran < limitMs) return;
  const kernel = Buffer.from(name.subarray(0, Atomics.load(ints, 1))).toString('latin1');
  fs.writeSync(2, '\\nThreadWaitTimeoutError: kernel ' + kernel + ' expects to finish within ' + (limitMs / 1000) + ' s, but it has held the main thread for ' + Math.round(ran / 1000) +
    ' s: a thread it waits for never answered. The process stops here instead of hanging; resume the run from its last checkpoint (DEEPER_WAIT_TIMEOUT_S sets the limit). Threads:\\n' + threads() + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 500);
`;

interface Watch { ints: Int32Array; start: Float64Array; name: Uint8Array; worker: Worker; encoded: Map<string, Uint8Array> }

let watch: Watch | null = null;

/**
 * Starts the watchdog (once per process) and wraps the engine's kernel dispatch; later
 * calls only re-arm it. A kernel is stopped after 1.5 × `limitSeconds` (default
 * `waitTimeoutSeconds()`).
 */
export function startKernelWatchdog(limitSeconds = waitTimeoutSeconds()): void {
  if (watch !== null) {
    Atomics.store(watch.ints, 2, 1);
    return;
  }
  const buffer = new SharedArrayBuffer(nameOffset + nameBytes);
  const ints = new Int32Array(buffer, 0, 4);
  const start = new Float64Array(buffer, 16, 1);
  const name = new Uint8Array(buffer, nameOffset, nameBytes);
  const worker = new Worker(watchdogSource, { eval: true, workerData: { buffer, limitMs: limitSeconds * 1500 } });
  worker.unref();
  watch = { ints, start, name, worker, encoded: new Map() };
  Atomics.store(ints, 2, 1);
  const engine = tf.engine() as unknown as { runKernel: (name: string, inputs: unknown, attrs?: unknown) => unknown };
  const runKernel = engine.runKernel.bind(engine);
  const w = watch;
  engine.runKernel = (kernelName, inputs, attrs) => {
    const depth = w.ints[0];
    if (depth === 0) {
      let bytes = w.encoded.get(kernelName);
      if (!bytes) w.encoded.set(kernelName, (bytes = Buffer.from(kernelName.slice(0, nameBytes), 'latin1')));
      w.name.set(bytes);
      Atomics.store(w.ints, 1, bytes.byteLength);
      w.start[0] = Date.now();
    }
    Atomics.store(w.ints, 0, depth + 1);
    try {
      return runKernel(kernelName, inputs, attrs);
    } finally {
      Atomics.store(w.ints, 0, depth);
    }
  };
}

/** Disarms the watchdog (the wrapper stays, and only notes); releaseBackend calls it. */
export function stopKernelWatchdog(): void {
  if (watch !== null) Atomics.store(watch.ints, 2, 0);
}
