/**
 * deeper's native CPU kernels: a Node-API addon (packages/core/addon, C with AVX2+FMA,
 * AVX-512 and portable micro-kernels chosen at run time, threads of its own) that computes
 * on the tfjs wasm backend's heap in place, registered over the wasm kernels for the
 * convolution passes and the matmuls. Not to be confused with ../wasm-kernels/native/,
 * which is deeper's C compiled to WebAssembly.
 *
 * `registerAddonKernels` (called by selectBackend after the wasm training kernels) loads
 * the addon (./load-addon.ts), sizes its pool like the wasm backend's (one thread per wasm
 * thread) with the wait limit of ../wait-timeout.ts, registers its kernels, and returns the
 * phrase for selectBackend's line. Each kernel keeps the one it replaced and runs that for
 * cases it does not take, so turning the addon off (`DEEPER_NATIVE=0`, or
 * `setAddonKernelsEnabled(false)`) gives exactly the wasm path.
 */
import * as tf from '@tensorflow/tfjs';
import { waitTimeoutSeconds } from '../wait-timeout';
import { leakyReluAddon, reluAddon } from './activation';
import { addonState } from './addon-call';
import { conv2dAddon, fusedConv2dAddon } from './conv2d';
import { conv2dBackpropFilterAddon } from './conv2d-backprop-filter';
import { conv2dBackpropInputAddon } from './conv2d-backprop-input';
import { saveReplacedKernel } from './fallback';
import { loadAddon, type AddonPath, type DeeperAddon } from './load-addon';
import { batchMatMulAddon, fusedMatMulAddon } from './mat-mul';
import { maxPoolAddon } from './max-pool';

/** Every kernel the addon can take over on wasm. */
export const addonKernels: readonly tf.KernelConfig[] = [
  { kernelName: tf.Conv2D, backendName: 'wasm', kernelFunc: conv2dAddon as unknown as tf.KernelFunc },
  { kernelName: tf.FusedConv2D, backendName: 'wasm', kernelFunc: fusedConv2dAddon as unknown as tf.KernelFunc },
  { kernelName: tf.Conv2DBackpropInput, backendName: 'wasm', kernelFunc: conv2dBackpropInputAddon as unknown as tf.KernelFunc },
  { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2dBackpropFilterAddon as unknown as tf.KernelFunc },
  { kernelName: tf.BatchMatMul, backendName: 'wasm', kernelFunc: batchMatMulAddon as unknown as tf.KernelFunc },
  { kernelName: tf._FusedMatMul, backendName: 'wasm', kernelFunc: fusedMatMulAddon as unknown as tf.KernelFunc },
  { kernelName: tf.MaxPool, backendName: 'wasm', kernelFunc: maxPoolAddon as unknown as tf.KernelFunc },
  { kernelName: tf.Relu, backendName: 'wasm', kernelFunc: reluAddon as unknown as tf.KernelFunc },
  { kernelName: tf.LeakyRelu, backendName: 'wasm', kernelFunc: leakyReluAddon as unknown as tf.KernelFunc },
];

/**
 * The kernels registered by default: all of them, as each won a whole training step
 * measured in alternation (packages/core/README.md, "Native CPU kernels").
 * `DEEPER_NATIVE_KERNELS` (comma-separated kernel names) narrows the set, for measuring one
 * kernel at a time.
 */
export function chosenAddonKernels(): readonly tf.KernelConfig[] {
  const text = process.env.DEEPER_NATIVE_KERNELS;
  if (!text) return addonKernels;
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set(addonKernels.map((k) => k.kernelName));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`DEEPER_NATIVE_KERNELS expects names among ${[...known].join(', ')}, but received ${JSON.stringify(unknown)}`);
  }
  return addonKernels.filter((k) => names.includes(k.kernelName));
}

function register(configs: readonly tf.KernelConfig[]): void {
  for (const config of configs) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (!current) throw new Error(`deeper's addon kernels expect the wasm backend to have a ${config.kernelName} kernel to fall back on, but it has none`);
    saveReplacedKernel(config.kernelName, current);
    tf.unregisterKernel(config.kernelName, 'wasm');
    // The replaced kernel's setupFunc binds its wasm function when a backend is created; keep it.
    tf.registerKernel({ ...config, setupFunc: current.setupFunc });
  }
}

/**
 * Loads the addon and registers its kernels on wasm (each call re-checks, so it follows
 * `DEEPER_NATIVE` and the thread count); returns what selectBackend's line says about it.
 */
export function registerAddonKernels(threads: number): string {
  const load = loadAddon();
  if (!load.ok) {
    addonState.enabled = false;
    return `native kernels ${load.reason.startsWith('off') ? load.reason : `not used: ${load.reason}`}`;
  }
  try {
    load.addon.configure(threads, Math.round(waitTimeoutSeconds() * 1000));
    const chosen = chosenAddonKernels();
    register(chosen);
    addonState.addon = load.addon;
    addonState.enabled = true;
    const { path } = load.addon.info();
    return `native kernels: ${path} addon (${load.source}), ${threads} thread${threads === 1 ? '' : 's'}${chosen.length < addonKernels.length ? `, only ${chosen.map((k) => k.kernelName).join(', ')}` : ''}`;
  } catch (error) {
    addonState.enabled = false;
    return `native kernels not used: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
  }
}

/**
 * Turns the registered addon kernels on or off (off: each runs the kernel it replaced), for
 * side-by-side measurements; `except` names kernels that stay off while the others are on.
 */
export function setAddonKernelsEnabled(enabled: boolean, except: readonly string[] = []): void {
  addonState.enabled = enabled && addonState.addon !== undefined;
  addonState.off = new Set(except);
}

/** The loaded addon, if any (benchmarks and tests: its path, peak, test hooks). */
export function loadedAddon(): DeeperAddon | undefined {
  return addonState.addon;
}

/** Chooses the addon's micro-kernels ('portable', 'avx2', 'avx512'); false when this CPU lacks them. */
export function setAddonPath(path: AddonPath): boolean {
  return addonState.addon ? addonState.addon.setPath(path) : false;
}
