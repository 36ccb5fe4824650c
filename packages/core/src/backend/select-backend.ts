/**
 * Picks the TensorFlow.js backend deeper trains on, and says why in one line.
 *
 * `auto` tries, fastest first:
 * 1. `tensorflow-gpu` / `tensorflow`: `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`
 *    (libtensorflow). They are not dependencies: their install script downloads
 *    libtensorflow, which our machines cannot do, so they are loaded by a run-time
 *    `import()` when a user has installed them and skipped otherwise.
 * 2. `webgpu`: Dawn from the npm `webgpu` package plus `@tensorflow/tfjs-backend-webgpu`,
 *    used only with a real GPU adapter: Dawn's fallback adapters (SwiftShader, the null
 *    adapter) are slower than wasm.
 * 3. `wasm`: XNNPACK with SIMD, plus deeper's training kernels (./wasm-kernels), which add
 *    the gradient kernels wasm lacks and keep matmuls on XNNPACK's fast path. Its binaries
 *    are read from node_modules on disk, never fetched. With `threads > 1` (the default
 *    on ≥ 2 cores) the threaded build runs (./wasm-threads); its workers do not keep the
 *    process alive, and `releaseBackend()` frees them. Where deeper's Node-API addon loads
 *    (./addon-kernels: prebuilt, else built from source, else not), its native kernels take
 *    the convolutions and matmuls on the same heap; `DEEPER_NATIVE=0` turns them off.
 * 4. `cpu`: tfjs's plain-JS kernels, ~1000× slower than wasm on a CNN's training step.
 *
 * Asking for one backend by name loads that one or throws `BackendUnavailableError`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { checkInteger, checkOneOf, resolveConfig } from '../config';
import { BackendUnavailableError, ConfigError } from '../errors';
import { registerWasmTrainingKernels } from './wasm-kernels/index';
import { registerAddonKernels } from './addon-kernels/index';
import { loadAddon } from './addon-kernels/load-addon';
import { stopNativeThreads } from './wasm-kernels/native-threads';
import { enableWasmThreads, unrefWasmWorkers, withWasmThreadFiles } from './wasm-threads';
import { threadStartupTimeoutSeconds, ThreadStartupError, watchThreadStartup } from './wasm-thread-startup';
import { withoutWasmProcessHandlers } from './without-wasm-process-handlers';
import { startKernelWatchdog, stopKernelWatchdog } from './kernel-watchdog';
import { disableHeapCheck, enableHeapCheck, heapCheckRequested } from './heap-check';

/** The names `selectBackend` accepts. */
export type BackendName = 'auto' | 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** The backend that runs, why, and why faster ones were skipped. */
export type BackendReport = {
  name: 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';
  reason: string;
  skipped: { name: string; reason: string }[];
  threads?: number;
};

/** How `selectBackend` loads and reports. */
export interface SelectBackendOptions {
  /**
   * wasm threads (XNNPACK's pool, at most 8); > 1 loads the threaded-SIMD build. Default:
   * `DEEPER_WASM_THREADS`, else 1 where deeper's native addon loads (its own pool takes the
   * cores: see `nativeThreads`), else 2 where 2 cores exist (measured 1.5× faster on the
   * textbook CNN step, 2× on a 1024³ matmul, on 2 vCPUs), else 1.
   */
  threads: number;
  /**
   * Threads of deeper's native addon kernels (its own pool, at most 64), where the addon
   * loads. Default: `DEEPER_NATIVE_THREADS`, else `threads` when that is given, else 2 where
   * 2 cores exist. Sized apart because XNNPACK's workers spin for a while after each of its
   * kernels, on the cores the addon's threads need next: with the addon on two threads, the
   * textbook CNN trained at 0.98× PyTorch with one wasm thread and 0.72× with two
   * (`bench core --pytorch`, 3 alternating rounds each, the machine otherwise idle).
   */
  nativeThreads: number | undefined;
  /** Where the one report line goes. Default: `console.error`, keeping stdout for data. */
  log: (line: string) => void;
  /** Silences the report line. Default: false. */
  quiet: boolean;
}

/** Defaults of `SelectBackendOptions` (threads read from the environment at call time). */
export const selectBackendDefaults: SelectBackendOptions = {
  threads: Math.min(2, availableParallelism()),
  nativeThreads: undefined,
  log: (line) => console.error(line),
  quiet: false,
};

/** The accepted backend names, for messages. */
export const backendNames: readonly BackendName[] = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

/** Merges and validates `SelectBackendOptions`. */
export function resolveSelectBackendOptions(partial: Partial<SelectBackendOptions> = {}): SelectBackendOptions {
  const fromEnv = process.env.DEEPER_WASM_THREADS;
  const nativeFromEnv = process.env.DEEPER_NATIVE_THREADS;
  const defaults = {
    ...selectBackendDefaults,
    threads: fromEnv === undefined || fromEnv === '' ? selectBackendDefaults.threads : Number(fromEnv),
    nativeThreads: nativeFromEnv === undefined || nativeFromEnv === '' ? selectBackendDefaults.nativeThreads : Number(nativeFromEnv),
  };
  const options = resolveConfig('selectBackend', defaults, partial);
  checkInteger('selectBackend', partial.threads === undefined && fromEnv ? 'threads (from DEEPER_WASM_THREADS)' : 'threads', options.threads, 1, 8);
  if (options.nativeThreads !== undefined) {
    checkInteger('selectBackend', partial.nativeThreads === undefined && nativeFromEnv ? 'nativeThreads (from DEEPER_NATIVE_THREADS)' : 'nativeThreads', options.nativeThreads, 1, 64);
  }
  if (typeof options.log !== 'function') throw new ConfigError('selectBackend', 'log', 'a function', options.log);
  const threadsGiven = partial.threads !== undefined || (fromEnv !== undefined && fromEnv !== '');
  if (!threadsGiven && options.threads > 1 && loadAddon().ok) {
    return { ...options, threads: 1, nativeThreads: options.nativeThreads ?? options.threads };
  }
  return options;
}

type Attempt = { ok: true; reason: string; threads?: number } | { ok: false; reason: string };

const installHints: Record<string, string> = {
  'tensorflow-gpu': 'Install it with `pnpm add @tensorflow/tfjs-node-gpu` (needs CUDA 11.2 and cuDNN 8.1; its install script downloads libtensorflow, so allow it under allowBuilds in pnpm-workspace.yaml)',
  tensorflow: 'Install it with `pnpm add @tensorflow/tfjs-node` (its install script downloads libtensorflow 2.9.1, so it needs internet access and an allowBuilds entry in pnpm-workspace.yaml)',
  webgpu: 'WebGPU needs a GPU with a Vulkan driver (`apt-get install libvulkan1` plus the vendor driver); the `webgpu` and `@tensorflow/tfjs-backend-webgpu` packages are already dependencies of @deeper/core',
  wasm: 'Reinstall dependencies with `pnpm install` so that @tensorflow/tfjs-backend-wasm/dist/*.wasm exist',
};

let lastReport: BackendReport | undefined;
let lastKey = '';
let wasmPathsSet = false;

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

/** Loads an optional package by a name TypeScript does not resolve, reporting a missing one plainly. */
/** Loads an optional package; `load` defaults to `import(name)`, and a literal `import('…')` lets bundlers (esbuild) include the package. */
async function importOptional(name: string, load: () => Promise<unknown> = () => import(name)): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await load();
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return { ok: false, reason: `package ${name} not installed` };
    return { ok: false, reason: `package ${name} failed to load: ${errorText(error)}` };
  }
}

async function trySetBackend(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

async function tryTensorflow(pkg: string): Promise<Attempt> {
  const loaded = await importOptional(pkg);
  if (!loaded.ok) return loaded;
  if (!tf.findBackendFactory('tensorflow')) {
    return { ok: false, reason: `${pkg} loaded but registered no backend with this copy of @tensorflow/tfjs (versions differ?)` };
  }
  if (!(await trySetBackend('tensorflow'))) return { ok: false, reason: `${pkg} could not initialise libtensorflow` };
  return { ok: true, reason: pkg === '@tensorflow/tfjs-node-gpu' ? 'libtensorflow with CUDA' : 'libtensorflow on CPU' };
}

/** Dawn's software and null adapters: usable, but slower than wasm. */
function isFallbackAdapter(adapter: GPUAdapterLike): boolean {
  const info = adapter.info ?? {};
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.device ?? ''} ${info.description ?? ''}`;
  return adapter.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|null|cpu/i.test(text);
}

type GPUAdapterLike = { isFallbackAdapter?: boolean; info?: { vendor?: string; architecture?: string; device?: string; description?: string } };
type GPULike = { requestAdapter(options?: object): Promise<GPUAdapterLike | null> };

/**
 * Dawn reaches a GPU on Linux only through the Vulkan loader. Without it Dawn prints a
 * native warning on stderr and finds no adapter, so look for the loader first.
 */
function vulkanLoaderMissing(): boolean {
  if (process.platform !== 'linux') return false;
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib', '/lib/x86_64-linux-gnu', '/lib64',
  ];
  return !dirs.some((dir) => existsSync(join(dir, 'libvulkan.so.1')));
}

async function tryWebgpu(): Promise<Attempt> {
  if (vulkanLoaderMissing()) return { ok: false, reason: 'no Vulkan loader (libvulkan.so.1; `apt-get install libvulkan1` and a GPU driver)' };
  let gpu: GPULike;
  try {
    const dawn = (await import('webgpu')) as unknown as { create(flags: string[]): GPULike; globals: Record<string, unknown> };
    Object.assign(globalThis, dawn.globals);
    gpu = dawn.create([]);
  } catch (error) {
    // An optional peer dependency: reported missing as tfjs-node is.
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return { ok: false, reason: 'package webgpu not installed' };
    return { ok: false, reason: `Dawn (npm webgpu) failed to load: ${errorText(error)}` };
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { ok: false, reason: 'no GPU adapter' };
  if (isFallbackAdapter(adapter)) return { ok: false, reason: `only a fallback adapter (${adapter.info?.description || adapter.info?.vendor || 'software'})` };
  Object.defineProperty(globalThis, 'navigator', { value: { ...(globalThis as { navigator?: object }).navigator, gpu }, configurable: true, writable: true });
  const loaded = await importOptional('@tensorflow/tfjs-backend-webgpu', () => import('@tensorflow/tfjs-backend-webgpu'));
  if (!loaded.ok) return loaded;
  if (!(await trySetBackend('webgpu'))) return { ok: false, reason: 'tfjs-backend-webgpu failed to initialise on the adapter' };
  const { vendor, architecture } = adapter.info ?? {};
  return { ok: true, reason: `Dawn on ${[vendor, architecture].filter(Boolean).join(' ') || 'a GPU'}` };
}

/** The folder holding the .wasm binaries, found on disk from this package's dependency. */
export function wasmBinaryFolder(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

/** Initialises the threaded build with its worker files in place and its workers watched (./wasm-thread-startup). */
function startThreadedWasm(threads: number): Promise<boolean> {
  return watchThreadStartup(() => withWasmThreadFiles(threads, () => trySetBackend('wasm')), { timeoutSeconds: threadStartupTimeoutSeconds() });
}

async function tryWasm(threads: number, nativeThreads: number | undefined): Promise<Attempt> {
  let nativeKernels = '';
  // Read before loading, so that a bad value is an error of its own, not a skipped backend.
  const heapCheck = heapCheckRequested();
  try {
    if (!wasmPathsSet) {
      setWasmPaths(wasmBinaryFolder());
      wasmPathsSet = true;
    }
    // The thread count is fixed when the module starts: a different one needs a new module.
    if (tf.engine().registry.wasm !== undefined && getThreadsCount() !== threads) releaseBackend();
    enableWasmThreads(threads > 1);
    setThreadsCount(threads);
    let loaded: boolean;
    try {
      loaded = await withoutWasmProcessHandlers(() => (threads > 1 ? startThreadedWasm(threads) : trySetBackend('wasm')));
    } catch (error) {
      if (!(error instanceof ThreadStartupError)) throw error;
      // The threaded build could not start its workers: drop its pending start and run on one thread rather than not at all.
      const factory = tf.findBackendFactory('wasm');
      if (factory) {
        tf.removeBackend('wasm');
        tf.registerBackend('wasm', factory, 2);
      }
      releaseBackend();
      const fallback = await tryWasm(1, nativeThreads);
      return fallback.ok ? { ...fallback, reason: `${fallback.reason}; the ${threads}-thread build did not start: ${error.message}` } : fallback;
    }
    if (!loaded) return { ok: false, reason: 'the wasm binary failed to load' };
    if (threads > 1) unrefWasmWorkers(tf.backend());
    registerWasmTrainingKernels();
    nativeKernels = registerAddonKernels(nativeThreads ?? getThreadsCount());
    // Only the threaded build has waits that can hang (threads waiting for threads).
    if (threads > 1) startKernelWatchdog();
    if (heapCheck) enableHeapCheck(tf.backend() as BackendWasm);
  } catch (error) {
    return { ok: false, reason: errorText(error) };
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const running = getThreadsCount();
  return {
    ok: true,
    reason: `XNNPACK, ${simd ? 'SIMD' : 'no SIMD'}, ${running} thread${running === 1 ? '' : 's'}, deeper training kernels; ${nativeKernels}${heapCheck ? ', heap check on (DEEPER_HEAP_CHECK)' : ''}`,
    threads: running,
  };
}

async function tryCpu(): Promise<Attempt> {
  return (await trySetBackend('cpu')) ? { ok: true, reason: 'plain JavaScript kernels, slow' } : { ok: false, reason: 'failed to initialise' };
}

type Candidate = { name: string; backend: BackendReport['name']; attempt: (o: SelectBackendOptions) => Promise<Attempt> };

const candidates: Record<Exclude<BackendName, 'auto'>, Candidate[]> = {
  tensorflow: [
    { name: 'tensorflow-gpu', backend: 'tensorflow', attempt: () => tryTensorflow('@tensorflow/tfjs-node-gpu') },
    { name: 'tensorflow', backend: 'tensorflow', attempt: () => tryTensorflow('@tensorflow/tfjs-node') },
  ],
  webgpu: [{ name: 'webgpu', backend: 'webgpu', attempt: () => tryWebgpu() }],
  wasm: [{ name: 'wasm', backend: 'wasm', attempt: (o) => tryWasm(o.threads, o.nativeThreads) }],
  cpu: [{ name: 'cpu', backend: 'cpu', attempt: () => tryCpu() }],
};

function formatLine(report: BackendReport): string {
  const skipped = report.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  return `backend: ${report.name} (${report.reason})${skipped ? ` — skipped ${skipped}` : ''}`;
}

/**
 * Selects the backend `name` (default: `DEEPER_BACKEND`, else `auto`), prints one line
 * saying which runs and why, and returns that as a report. Cheap when called again with
 * the same choice: it returns the previous report without printing.
 */
export async function selectBackend(name?: string, options: Partial<SelectBackendOptions> = {}): Promise<BackendReport> {
  const requested = checkOneOf('selectBackend', 'backend', name ?? process.env.DEEPER_BACKEND ?? 'auto', backendNames);
  const resolved = resolveSelectBackendOptions(options);
  const key = `${requested}/${resolved.threads}/${resolved.nativeThreads ?? ''}`;
  if (lastReport && key === lastKey && tf.getBackend() === lastReport.name) return lastReport;

  const order = requested === 'auto'
    ? [...candidates.tensorflow, ...candidates.webgpu, ...candidates.wasm, ...candidates.cpu]
    : candidates[requested];
  const skipped: BackendReport['skipped'] = [];
  for (const candidate of order) {
    const attempt = await candidate.attempt(resolved);
    if (attempt.ok) {
      const report: BackendReport = { name: candidate.backend, reason: attempt.reason, skipped };
      if (attempt.threads !== undefined) report.threads = attempt.threads;
      lastReport = report;
      lastKey = key;
      if (!resolved.quiet) resolved.log(formatLine(report));
      return report;
    }
    skipped.push({ name: candidate.name, reason: attempt.reason });
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  const hint = requested === 'auto' ? undefined : installHints[requested === 'tensorflow' ? 'tensorflow' : requested];
  throw new BackendUnavailableError(requested, reasons, hint);
}

/**
 * Lets the process exit: removes the wasm backend, whose threaded build keeps worker
 * threads alive, ends deeper's native-kernel workers, and re-registers the backend's
 * factory so `selectBackend` can load it again.
 */
export function releaseBackend(): void {
  stopNativeThreads();
  stopKernelWatchdog();
  disableHeapCheck();
  const factory = tf.findBackendFactory('wasm');
  if (tf.engine().registry.wasm !== undefined) {
    tf.removeBackend('wasm');
    if (factory) tf.registerBackend('wasm', factory, 2);
  }
  lastReport = undefined;
  lastKey = '';
}
