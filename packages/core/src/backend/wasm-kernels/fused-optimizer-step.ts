/**
 * One optimizer update of one variable as one kernel on wasm: `DeeperRmspropStep` (RMSProp,
 * plain or centred, with momentum, as torch.optim.RMSprop) and `DeeperAdamStep` (Adam as
 * torch.optim.Adam). deeper's optimizers (core/src/optim) compose each update from
 * elementwise ops: about 15 kernels per variable for centred RMSProp, each with the engine's
 * bookkeeping and a fresh heap buffer, which made the optimizer 33–44 % of a MinAtar DQN
 * frame (`deeper bench dqn --profile`, docs/results/dqn.md) for 133k parameters. Here the
 * whole update is one pass over the variable, its gradient and its slots where they lie on
 * the wasm heap, writing the new value and slots into fresh outputs (which the optimizer
 * assigns, as it assigns the composed results; nothing is written in place, since a
 * variable's buffer may be shared through Identity). The pass is C compiled to WebAssembly
 * SIMD (native/optimizer-steps.c, built by native/build-optimizer-steps.sh and committed;
 * the package build copies native/*.wasm), instantiated with the backend's own memory as
 * native-kernels.ts does (a JavaScript loop over the heap was tried first and was slower
 * than the composed ops it replaces).
 *
 * Each float32 operation comes in the composed update's order, without fused multiply-adds,
 * so the values are the composed update's bit for bit (test/core/optim/fused-update.test.ts
 * checks that, and the cpu backend's values to 1e-6). The optimizers call these kernels
 * through `fusedOptimizerStep`, which returns null on a backend that has not registered them.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { backendMemory, heapOffset } from './native-kernels';
import { activeAddon, callAddon } from '../addon-kernels/addon-call';
import { heapView } from '../addon-kernels/addon-heap';
import type { WasmKernelArgs } from './wasm-kernel-scope';

/** The RMSProp update's name in tfjs's registry. */
export const RmspropStep = 'DeeperRmspropStep';
/** The Adam update's name in tfjs's registry. */
export const AdamStep = 'DeeperAdamStep';

/** Attributes of `DeeperRmspropStep` (rmsprop-optimizer.ts documents each hyperparameter). */
export interface RmspropStepAttrs {
  learningRate: number; alpha: number; epsilon: number; momentum: number; centered: boolean; weightDecay: number;
}

/** Attributes of `DeeperAdamStep`; `t` is the 1-based step number of the bias corrections. */
export interface AdamStepAttrs {
  learningRate: number; beta1: number; beta2: number; epsilon: number; weightDecay: number; t: number;
}

/**
 * Runs `kernel` on the active backend where it is registered and every input is float32;
 * returns its outputs (the new value, then the new slots in the kernel's order), or null
 * for the caller to compose the update from ops instead.
 */
export function fusedOptimizerStep(kernel: typeof RmspropStep | typeof AdamStep, inputs: Record<string, tf.Tensor>, attrs: RmspropStepAttrs | AdamStepAttrs): tf.Tensor[] | null {
  if (!tf.getKernel(kernel, tf.getBackend())) return null;
  const shape = inputs.value.shape;
  for (const x of Object.values(inputs)) if (x.dtype !== 'float32' || !tf.util.arraysEqual(x.shape, shape)) return null;
  return tf.engine().runKernel(kernel, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
}

/** The exports of native/optimizer-steps.c; pointers are byte offsets into the wasm backend's heap. */
interface OptimizerStepExports {
  rmsprop_step_f32(
    theta: number, grad: number, sq: number, ga: number, mb: number, thetaOut: number, sqOut: number, gaOut: number, mbOut: number, n: number,
    lr: number, alpha: number, oneMinusAlpha: number, eps: number, mu: number, wd: number, decay: number, centered: number, momentum: number): void;
  adam_step_f32(
    theta: number, grad: number, m: number, v: number, thetaOut: number, mOut: number, vOut: number, n: number,
    lr: number, b1: number, oneMinusB1: number, b2: number, oneMinusB2: number, c1: number, c2: number, eps: number, wd: number, decay: number): void;
}

/** The part of the WebAssembly JS API used here (TypeScript declares it only in its DOM libraries). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const instances = new WeakMap<WasmKernelArgs['backend'], OptimizerStepExports>();

/** The compiled updates bound to `backend`'s heap, instantiated on first use (synchronously: 2 KB). */
function optimizerSteps(backend: WasmKernelArgs['backend']): OptimizerStepExports {
  let steps = instances.get(backend);
  if (!steps) {
    const memory = backendMemory(backend);
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = readFileSync(new URL(shared ? './native/optimizer-steps-shared.wasm' : './native/optimizer-steps.wasm', import.meta.url));
    steps = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as unknown as OptimizerStepExports;
    instances.set(backend, steps);
  }
  return steps;
}

/** Runs RMSProp's pass from the inputs into `outs` (value, squareAverage[, gradientAverage][, momentumBuffer]), which may be the inputs themselves. */
function rmspropPass(backend: WasmKernelArgs['backend'], inputs: Record<string, tf.TensorInfo>, outs: tf.TensorInfo[], attrs: RmspropStepAttrs): void {
  const { value, gradient, squareAverage, gradientAverage, momentumBuffer } = inputs;
  const { learningRate, alpha, epsilon, momentum, centered, weightDecay } = attrs;
  const hasMomentum = momentum > 0;
  const at = (x: tf.TensorInfo | undefined) => (x ? heapOffset(backend, x) : 0);
  const [thetaOut, sqOut] = outs;
  const gaOut = centered ? outs[2] : undefined;
  const mbOut = hasMomentum ? outs[outs.length - 1] : undefined;
  // 1 − α is rounded to float32 on the call, as tf.mul rounds it into a float32 scalar.
  optimizerSteps(backend).rmsprop_step_f32(
    at(value), at(gradient), at(squareAverage), centered ? at(gradientAverage) : 0, hasMomentum ? at(momentumBuffer) : 0,
    at(thetaOut), at(sqOut), at(gaOut), at(mbOut), tf.util.sizeFromShape(value.shape),
    learningRate, alpha, 1 - alpha, epsilon, momentum, weightDecay, weightDecay !== 0 ? 1 : 0, centered ? 1 : 0, hasMomentum ? 1 : 0);
}

/** RMSProp's outputs in order: value, squareAverage[, gradientAverage][, momentumBuffer]. */
function rmspropOutputs(inputs: Record<string, tf.TensorInfo>, attrs: RmspropStepAttrs): tf.TensorInfo[] {
  return [inputs.value, inputs.squareAverage, ...(attrs.centered ? [inputs.gradientAverage] : []), ...(attrs.momentum > 0 ? [inputs.momentumBuffer] : [])];
}

/** Runs Adam's pass from the inputs into `outs` (value, m, v), which may be the inputs themselves. */
function adamPass(backend: WasmKernelArgs['backend'], inputs: Record<string, tf.TensorInfo>, outs: tf.TensorInfo[], attrs: AdamStepAttrs): void {
  const { value, gradient, m, v } = inputs;
  const { learningRate, beta1, beta2, epsilon, weightDecay, t } = attrs;
  const at = (x: tf.TensorInfo) => heapOffset(backend, x);
  // The bias corrections 1 − βᵗ are computed in double and rounded to float32 on the call, as tf.div rounds them.
  optimizerSteps(backend).adam_step_f32(
    at(value), at(gradient), at(m), at(v), at(outs[0]), at(outs[1]), at(outs[2]), tf.util.sizeFromShape(value.shape),
    learningRate, beta1, 1 - beta1, beta2, 1 - beta2, 1 - beta1 ** t, 1 - beta2 ** t, epsilon, weightDecay, weightDecay !== 0 ? 1 : 0);
}

/** The kernel function registered for `DeeperRmspropStep` on wasm: outputs value, squareAverage[, gradientAverage][, momentumBuffer]. */
export function rmspropStepWasm(args: WasmKernelArgs): tf.TensorInfo[] {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs as unknown as RmspropStepAttrs;
  const outs = rmspropOutputs(inputs, attrs).map((x) => args.backend.makeOutput(x.shape, 'float32'));
  rmspropPass(args.backend, inputs, outs, attrs);
  return outs;
}

/** The kernel function registered for `DeeperAdamStep` on wasm: outputs value, m, v. */
export function adamStepWasm(args: WasmKernelArgs): tf.TensorInfo[] {
  const inputs = args.inputs as Record<string, tf.TensorInfo>;
  const outs = [inputs.value, inputs.m, inputs.v].map((x) => args.backend.makeOutput(x.shape, 'float32'));
  adamPass(args.backend, inputs, outs, args.attrs as unknown as AdamStepAttrs);
  return outs;
}

/**
 * The in-place update by deeper's native addon (addon/src/optimizer.c: the same float32
 * operations in the same order, for AVX-512, AVX2 or baseline, split over its threads for
 * large variables), where it is loaded: the wasm pass is 128-bit SIMD.
 */
function addonPass(addon: NonNullable<ReturnType<typeof activeAddon>>, backend: WasmKernelArgs['backend'], kernel: typeof RmspropStep | typeof AdamStep,
  inputs: Record<string, tf.TensorInfo>, attrs: RmspropStepAttrs | AdamStepAttrs): void {
  const at = (x: tf.TensorInfo | undefined) => (x ? heapOffset(backend, x) : -1);
  const n = tf.util.sizeFromShape(inputs.value.shape);
  const heap = heapView(backend);
  if (kernel === RmspropStep) {
    const { learningRate, alpha, epsilon, momentum, centered, weightDecay } = attrs as RmspropStepAttrs;
    callAddon(() => addon.rmspropStep(heap, at(inputs.value), at(inputs.gradient), at(inputs.squareAverage), centered ? at(inputs.gradientAverage) : -1,
      momentum > 0 ? at(inputs.momentumBuffer) : -1, n, learningRate, alpha, 1 - alpha, epsilon, momentum, weightDecay, weightDecay !== 0 ? 1 : 0, centered ? 1 : 0, momentum > 0 ? 1 : 0));
  } else {
    const { learningRate, beta1, beta2, epsilon, weightDecay, t } = attrs as AdamStepAttrs;
    callAddon(() => addon.adamStep(heap, at(inputs.value), at(inputs.gradient), at(inputs.m), at(inputs.v), n,
      learningRate, beta1, 1 - beta1, beta2, 1 - beta2, 1 - beta1 ** t, 1 - beta2 ** t, epsilon, weightDecay, weightDecay !== 0 ? 1 : 0));
  }
}

/**
 * The same update written over the variable and its slots where they lie, with no kernel
 * call, no fresh buffers and no assigns: what a small network's many small variables need
 * (NativeChain's DQN update, where the out-of-place path cost a quarter of an update). It
 * runs only when the update cannot be seen through another tensor: on the wasm backend with
 * the kernel registered, every tensor float32 of one shape, and the backend's reference
 * count of the value's and each slot's data 1 (Identity, clone, reshape and a variable's
 * assign of another variable all share data and raise that count: a target network just
 * copied from the online one, say). Returns false, having written nothing, otherwise; the
 * caller then runs the out-of-place kernel, whose outputs are fresh and so unshared.
 * The values are the kernel's bit for bit: the same pass, reading each element before
 * writing it.
 */
export function fusedOptimizerStepInPlace(kernel: typeof RmspropStep | typeof AdamStep, inputs: Record<string, tf.Tensor>, attrs: RmspropStepAttrs | AdamStepAttrs): boolean {
  if (tf.getBackend() !== 'wasm' || !tf.getKernel(kernel, 'wasm')) return false;
  const backend = tf.backend() as unknown as WasmKernelArgs['backend'];
  const shape = inputs.value.shape;
  for (const x of Object.values(inputs)) if (x.dtype !== 'float32' || !tf.util.arraysEqual(x.shape, shape)) return false;
  const outs = kernel === RmspropStep ? rmspropOutputs(inputs, attrs as RmspropStepAttrs) : [inputs.value, inputs.m, inputs.v];
  const written = new Set(outs.map((x) => x.dataId));
  if (written.size !== outs.length || written.has(inputs.gradient.dataId)) return false;
  for (const x of outs) if (backend.refCount(x.dataId) !== 1) return false;
  const addon = activeAddon(kernel);
  if (addon) addonPass(addon, backend, kernel, inputs, attrs);
  else if (kernel === RmspropStep) rmspropPass(backend, inputs, outs, attrs as RmspropStepAttrs);
  else adamPass(backend, inputs, outs, attrs as AdamStepAttrs);
  return true;
}

/** Registration records for both updates on wasm. */
export const fusedOptimizerStepConfigs: readonly tf.KernelConfig[] = [
  { kernelName: RmspropStep, backendName: 'wasm', kernelFunc: rmspropStepWasm as unknown as tf.KernelFunc },
  { kernelName: AdamStep, backendName: 'wasm', kernelFunc: adamStepWasm as unknown as tf.KernelFunc },
];
