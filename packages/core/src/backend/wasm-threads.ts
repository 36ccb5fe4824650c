/**
 * Lets the threaded-SIMD wasm build run in Node (tfjs gates it off there: issue #3830).
 *
 * Its pthread workers are started from `blob:` URLs: tfjs wraps the worker script and the
 * module factory in `Blob`s and hands them to Emscripten, which in Node starts
 * `worker_threads` workers that can only load real files. While the wasm backend
 * initialises, `withWasmThreadFiles` therefore records the text of every Blob built from
 * strings, and turns `URL.createObjectURL` of the worker script into a file path: both
 * scripts are written to a private temp folder, and the worker script is prefixed with a
 * line that resolves the factory Blob it receives to the factory's file. Emscripten asks
 * for the worker script once per pthread worker (a new Blob each time) while the workers
 * already started may still be reading it, so each file is named by its content and
 * written once, whole (temp file, then rename): rewriting it in place let a starting
 * worker read it truncated, run nothing and exit with code 0 before loading (CI, stop 20).
 * Nothing is downloaded; the files are removed when the process exits.
 *
 * The build also caps its pool at half the logical cores (its backend.cc assumes two
 * hyperthreads per core), which is one thread on a 2-vCPU machine whatever
 * `setThreadsCount` says; Emscripten reads the core count from `os.cpus()`, so during
 * initialisation `os.cpus()` reports twice the threads asked for.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
// Registers the WASM_* flags that enableWasmThreads sets.
import '@tensorflow/tfjs-backend-wasm';

/** Turns the threaded build on or off for the next wasm backend that initialises. */
export function enableWasmThreads(on: boolean): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', on);
}

let folder: string | undefined;

/**
 * The factory's source names Node modules by the variables tfjs's bundler gave them
 * (`require$$0` for `fs`, …, and `commonjsGlobal`), which exist only inside the bundle: the factory file
 * declares them again, read from the bundle itself so they match this tfjs version.
 */
function bundleRequires(factoryText: string): string {
  const require = createRequire(import.meta.url);
  const bundle = readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm'), 'utf8');
  const declared = new Map<string, string>();
  for (const match of bundle.matchAll(/var (require\$\$\d+) = require\('([^']+)'\)/g)) declared.set(match[1], match[2]);
  const used = new Set(factoryText.match(/require\$\$\d+/g) ?? []);
  const requires = [...used].filter((name) => declared.has(name)).map((name) => `var ${name}=require(${JSON.stringify(declared.get(name))});`);
  // Rollup's name for the global object, also bundle-level.
  if (factoryText.includes('commonjsGlobal')) requires.push('var commonjsGlobal=globalThis;');
  return requires.join('');
}

function threadFolder(): string {
  if (!folder) {
    folder = mkdtempSync(join(tmpdir(), 'deeper-wasm-threads-'));
    const made = folder;
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  return folder;
}

/**
 * The path of a file in the thread folder holding `text`, written the first time it is
 * asked for and never again: named by a hash of its content, made whole under a temp name
 * and renamed into place, so a worker reading it never sees it part-written.
 */
function writeOnce(stem: string, text: string): string {
  const path = join(threadFolder(), `${stem}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`);
  if (!existsSync(path)) {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  }
  return path;
}

/** Runs `init` (which initialises the wasm backend) with Blob URLs redirected to files and room for `threads` threads. */
export async function withWasmThreadFiles<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const os = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  const originalCpus = os.cpus;
  os.cpus = () => {
    const real = originalCpus();
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]);
  };
  const OriginalBlob = globalThis.Blob;
  const originalCreate = URL.createObjectURL;
  const texts = new WeakMap<Blob, string>();
  let factoryText: string | undefined;
  let factoryPath: string | undefined;
  class RecordingBlob extends OriginalBlob {
    constructor(...args: ConstructorParameters<typeof OriginalBlob>) {
      super(...args);
      const [parts, options] = args;
      if (parts?.every((p) => typeof p === 'string')) {
        const text = (parts as string[]).join('');
        texts.set(this, text);
        if (options?.type === 'text/javascript') factoryText = text;
      }
    }
  }
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (blob: Blob) => {
    const text = texts.get(blob);
    if (text === undefined || factoryText === undefined) return originalCreate(blob);
    factoryPath ??= writeOnce('factory', `${bundleRequires(factoryText)}${factoryText}`);
    // The worker meets the factory only as a Blob it would turn into a blob: URL; point it at the file instead.
    const redirect = `URL.createObjectURL=function(){return ${JSON.stringify(factoryPath)}};URL.revokeObjectURL=function(){};`;
    const strict = '"use strict";';
    const workerPath = writeOnce('worker', text.startsWith(strict) ? `${strict}${redirect}${text.slice(strict.length)}` : `${redirect}${text}`);
    return workerPath;
  };
  try {
    return await init();
  } finally {
    os.cpus = originalCpus;
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreate;
  }
}

type PThreadWorker = { unref?: () => void };

/**
 * Lets the process exit while the threaded build is loaded: its pthread workers are Node
 * `worker_threads`, which keep the event loop alive (the process would otherwise wait for
 * `releaseBackend()`); unreferenced, they still run but no longer hold the process open.
 */
export function unrefWasmWorkers(backend: unknown): void {
  const pthread = (backend as { wasm?: { PThread?: { unusedWorkers: PThreadWorker[]; runningWorkers: PThreadWorker[] } } }).wasm?.PThread;
  if (!pthread) return;
  for (const worker of [...pthread.unusedWorkers, ...pthread.runningWorkers]) worker.unref?.();
}
