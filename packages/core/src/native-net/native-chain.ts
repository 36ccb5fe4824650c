/**
 * A small network's forward and backward passes run by deeper's native addon directly on
 * the wasm heap, one addon call per layer and per gradient, with no tfjs kernel in between.
 *
 * Why: a network such as MinAtar's Q-network (conv 16 3×3 → dense 128 → |A|) does a few
 * million multiply-adds a pass, so tfjs's per-kernel cost (about 140 kernels an update:
 * the engine, the tape, reshapes, casts, identities) takes most of a training step, not
 * the arithmetic (docs/results/dqn.md, "Training speed"). Here a pass is the arithmetic:
 *
 *   forward, step i:   zᵢ = xᵢ · Wᵢ + bᵢ  (or conv(xᵢ, Wᵢ) + bᵢ),   yᵢ = relu(zᵢ) or zᵢ,   xᵢ₊₁ = yᵢ
 *   backward, step i:  ∂zᵢ = ∂yᵢ ⊙ [yᵢ > 0] (ReLU only)
 *                      ∂Wᵢ = xᵢᵀ · ∂zᵢ   (conv: the filter gradient),   ∂bᵢ = 1ᵀ · ∂zᵢ
 *                      ∂yᵢ₋₁ = ∂zᵢ · Wᵢᵀ (conv: the input gradient)
 *
 * The weights stay the model's own tf.Variables (read at their current heap offsets on every
 * call, since an optimizer's `assign` moves them), so the model, its checkpoints and the tfjs
 * path see the same parameters. Activations, their gradients and the parameter gradients
 * live in buffers the chain allocates once for `maxBatch` examples; the gradients are
 * tensors, ready for `TrainingOptimizer.applyGradients`.
 *
 * Views returned by `inputView`, `outputView` and `outputGradientView` are valid until the
 * next tfjs allocation (which may grow, and so move, the heap): fill or read them at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ConfigError } from '../errors';
import { addonState, callAddon } from '../backend/addon-kernels/addon-call';
import { heapView, offsetOf } from '../backend/addon-kernels/addon-heap';
import { convGeometry } from '../backend/addon-kernels/conv-geometry';
import type { DeeperAddon } from '../backend/addon-kernels/load-addon';
import { describeChain, type ChainStep } from './chain-layers';

/** Options of a NativeChain. */
export interface NativeChainOptions {
  /** Also compute ∂L/∂input in `backward` (`inputGradientView`), for a chain that feeds on another. Default false. */
  inputGradient: boolean;
}

const RELU = 1;
const LINEAR = 0;

/** Where one step's buffers lie: float offsets into the chain's arena. */
interface StepBuffers {
  step: ChainStep;
  inSize: number;
  outSize: number;
  /** Rows of ∂z that sum into ∂b, per example (1 for dense, H·W of the output for conv). */
  rowsPerExample: number;
  out: number;
  outGrad: number;
  preGrad: number;
  kernelGrad: tf.Tensor;
  biasGrad: tf.Tensor | null;
}

/** Why no chain can run natively now (not the wasm backend, no addon), or null. */
export function nativeBackendUnsupported(): string | null {
  if (tf.getBackend() !== 'wasm') return `the backend is ${tf.getBackend()}, not wasm`;
  if (!addonState.enabled || !addonState.addon) return "deeper's native addon is not loaded or is turned off";
  return null;
}

/** Why a model cannot run natively, or null when it can (the addon loaded and on, a supported chain). */
export function nativeChainUnsupported(model: tf.LayersModel): string | null {
  const backend = nativeBackendUnsupported();
  if (backend !== null) return backend;
  const steps = describeChain(model);
  return typeof steps === 'string' ? `model ${JSON.stringify(model.name)} is not a plain chain: ${steps}` : null;
}

export class NativeChain {
  private readonly addon: DeeperAddon;
  private readonly backend: BackendWasm;
  private readonly steps: StepBuffers[];
  private readonly arena: tf.Tensor;
  private readonly inputAt: number;
  private readonly inputGradAt: number;
  private readonly onesAt: number;
  private lastInput = -1;
  private lastBatch = 0;
  private disposed = false;
  /** Floats of one example's input and output. */
  readonly inputSize: number;
  readonly outputSize: number;

  /** The model's name, or the name given with the steps. */
  readonly name: string;

  /**
   * Compiles `source` for batches of up to `maxBatch` examples: a model that is a chain, or
   * the steps of a path through one (`describeLayers`; e.g. one stream of a two-headed
   * network) with a name for messages. Throws a ConfigError saying why when the model or the
   * backend does not allow it (check `nativeChainUnsupported` first to fall back instead).
   */
  constructor(source: tf.LayersModel | { name: string; steps: ChainStep[] }, readonly maxBatch: number, options: Partial<NativeChainOptions> = {}) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new ConfigError('NativeChain', 'maxBatch', 'a positive integer', maxBatch);
    const isModel = source instanceof tf.LayersModel;
    this.name = source.name;
    const reason = isModel ? nativeChainUnsupported(source) : nativeBackendUnsupported();
    if (reason !== null) throw new ConfigError('NativeChain', 'model', 'a chain of Dense/Conv2D/Flatten layers on the wasm backend with the native addon', source.name, reason);
    this.addon = addonState.addon!;
    this.backend = tf.backend() as BackendWasm;
    const steps = isModel ? (describeChain(source) as ChainStep[]) : source.steps;
    if (steps.length === 0) throw new ConfigError('NativeChain', 'steps', 'at least one Dense or Conv2D step', 0);
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    this.inputSize = size(steps[0].inShape);
    this.outputSize = size(steps[steps.length - 1].outShape);
    let floats = 0;
    const take = (n: number) => {
      const at = floats;
      floats += Math.ceil(n / 16) * 16; // 64-byte aligned pieces
      return at;
    };
    this.inputAt = take(maxBatch * this.inputSize);
    this.inputGradAt = options.inputGradient ? take(maxBatch * this.inputSize) : -1;
    let maxRows = 0;
    this.steps = steps.map((step) => {
      const inSize = size(step.inShape);
      const outSize = size(step.outShape);
      const rowsPerExample = step.kind === 'dense' ? 1 : step.outShape[0] * step.outShape[1];
      maxRows = Math.max(maxRows, rowsPerExample * maxBatch);
      const weights = step.layer.weights;
      return {
        step, inSize, outSize, rowsPerExample,
        out: take(maxBatch * outSize), outGrad: take(maxBatch * outSize), preGrad: step.relu ? take(maxBatch * outSize) : -1,
        kernelGrad: tf.zeros(weights[0].shape as number[]),
        biasGrad: step.hasBias ? tf.zeros(weights[1].shape as number[]) : null,
      };
    });
    this.onesAt = take(maxRows);
    this.arena = tf.zeros([floats]);
    this.floats().fill(1, this.onesAt, this.onesAt + maxRows);
  }

  /** The arena as floats (a fresh view: the heap may have grown since the last call). */
  private floats(): Float32Array {
    const heap = heapView(this.backend);
    return new Float32Array(heap.buffer, heap.byteOffset + offsetOf(this.backend, this.arena), this.arena.size);
  }

  private byteAt(floatOffset: number): number {
    return offsetOf(this.backend, this.arena) + 4 * floatOffset;
  }

  private checkBatch(batch: number): void {
    if (this.disposed) throw new Error('NativeChain: this chain was disposed');
    if (!Number.isInteger(batch) || batch < 1 || batch > this.maxBatch) {
      throw new ConfigError('NativeChain', 'batch', `an integer in [1, ${this.maxBatch}] (the chain's maxBatch)`, batch);
    }
  }

  /** The chain's input buffer for `batch` examples, to fill before `forward(batch)`. */
  inputView(batch: number): Float32Array {
    this.checkBatch(batch);
    return this.floats().subarray(this.inputAt, this.inputAt + batch * this.inputSize);
  }

  /** The last forward pass's output, [batch, outputSize] row-major. */
  outputView(): Float32Array {
    const last = this.steps[this.steps.length - 1];
    return this.floats().subarray(last.out, last.out + this.lastBatch * this.outputSize);
  }

  /** Byte offset on the wasm heap of the input buffer, to feed another chain the same input (valid until `dispose`). */
  inputOffset(): number {
    return this.byteAt(this.inputAt);
  }

  /** Byte offset on the wasm heap of the output buffer, to feed another chain's `forward` (valid until `dispose`). */
  outputOffset(): number {
    return this.byteAt(this.steps[this.steps.length - 1].out);
  }

  /** After `backward()`, with `inputGradient`: ∂L/∂input of the last forward pass, [batch, inputSize]. */
  inputGradientView(): Float32Array {
    if (this.inputGradAt < 0) throw new Error(`NativeChain ${JSON.stringify(this.name)}: built without the inputGradient option`);
    return this.floats().subarray(this.inputGradAt, this.inputGradAt + this.lastBatch * this.inputSize);
  }

  /** The gradient of the loss with respect to the last forward pass's output, to fill before `backward()`. */
  outputGradientView(): Float32Array {
    const last = this.steps[this.steps.length - 1];
    return this.floats().subarray(last.outGrad, last.outGrad + this.lastBatch * this.outputSize);
  }

  private geometry(s: StepBuffers, batch: number): number[] {
    const { kernel, strides, dilations, padding } = s.step.conv!;
    const [h, w, c] = s.step.inShape;
    const filters = s.step.outShape[2];
    const info = tf.backend_util.computeConv2DInfo([batch, h, w, c], [kernel[0], kernel[1], c, filters], strides, dilations, padding, undefined, false, 'channelsLast');
    return convGeometry(info);
  }

  /**
   * Runs the network on `batch` examples: from `input` when given (a float32 tensor on the
   * wasm backend, [batch, …inputShape], or a byte offset on the heap such as another chain's
   * `outputOffset()`), else from the chain's input buffer. Returns the output view. The
   * input must stay alive and unchanged until `backward` if one follows.
   */
  forward(batch: number, input?: tf.Tensor | number): Float32Array {
    this.checkBatch(batch);
    if (input instanceof tf.Tensor && (input.dtype !== 'float32' || input.size !== batch * this.inputSize)) {
      throw new ConfigError('NativeChain', 'input', `a float32 tensor of ${batch} × ${this.inputSize} values`, `${input.dtype} [${input.shape.join(', ')}]`);
    }
    const heap = heapView(this.backend);
    let x = input === undefined ? this.byteAt(this.inputAt) : typeof input === 'number' ? input : offsetOf(this.backend, input);
    this.lastInput = x;
    this.lastBatch = batch;
    for (const s of this.steps) {
      const [kernel, bias] = s.step.layer.weights.map((w) => offsetOf(this.backend, w.read()));
      const y = this.byteAt(s.out);
      const act = s.step.relu ? RELU : LINEAR;
      const biasAt = s.step.hasBias ? bias : -1;
      callAddon(() => {
        if (s.step.kind === 'dense') this.addon.matMul(heap, x, kernel, biasAt, y, 1, 1, batch, s.outSize, s.inSize, 0, 0, act, 0);
        else this.addon.conv2d(heap, x, kernel, biasAt, y, ...this.geometry(s, batch), act, 0);
      });
      x = y;
    }
    return this.outputView();
  }

  /**
   * Back-propagates the gradient in `outputGradientView()` through the last forward pass and
   * returns the parameter gradients by variable name (the chain's own tensors: do not
   * dispose them; they are overwritten by the next `backward`).
   */
  backward(): tf.NamedTensorMap {
    if (this.lastInput < 0) throw new Error('NativeChain.backward needs a forward pass first');
    const batch = this.lastBatch;
    const heap = heapView(this.backend);
    const ones = this.byteAt(this.onesAt);
    const grads: tf.NamedTensorMap = {};
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const s = this.steps[i];
      const x = i === 0 ? this.lastInput : this.byteAt(this.steps[i - 1].out);
      const [kernelVar, biasVar] = s.step.layer.weights.map((w) => w.read() as tf.Variable);
      const kernel = offsetOf(this.backend, kernelVar);
      const outGrad = this.byteAt(s.outGrad);
      const n = batch * s.outSize;
      const dz = s.step.relu ? this.byteAt(s.preGrad) : outGrad;
      const rows = batch * s.rowsPerExample;
      const channels = s.outSize / s.rowsPerExample;
      const dKernel = offsetOf(this.backend, s.kernelGrad);
      const geometry = s.step.kind === 'conv2d' ? this.geometry(s, batch) : [];
      callAddon(() => {
        if (s.step.relu) this.addon.reluGrad(heap, outGrad, this.byteAt(s.out), dz, n); // ∂z = ∂y ⊙ [y > 0]
        if (s.step.kind === 'dense') {
          this.addon.matMul(heap, x, dz, -1, dKernel, 1, 1, s.inSize, s.outSize, batch, 1, 0, LINEAR, 0); // ∂W = xᵀ · ∂z
        } else {
          this.addon.conv2dBackpropFilter(heap, x, dz, dKernel, ...geometry);
        }
        if (s.biasGrad) this.addon.matMul(heap, ones, dz, -1, offsetOf(this.backend, s.biasGrad), 1, 1, 1, channels, rows, 0, 0, LINEAR, 0); // ∂b = 1ᵀ · ∂z
        if (i > 0 || this.inputGradAt >= 0) {
          const dx = this.byteAt(i > 0 ? this.steps[i - 1].outGrad : this.inputGradAt);
          if (s.step.kind === 'dense') this.addon.matMul(heap, dz, kernel, -1, dx, 1, 1, batch, s.inSize, s.outSize, 0, 1, LINEAR, 0); // ∂x = ∂z · Wᵀ
          else this.addon.conv2dBackpropInput(heap, dz, kernel, dx, ...geometry);
        }
      });
      if (s.step.layer.trainable) {
        grads[kernelVar.name] = s.kernelGrad;
        if (s.biasGrad) grads[biasVar.name] = s.biasGrad;
      }
    }
    return grads;
  }

  /** Frees the chain's buffers (not the model). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.arena.dispose();
    for (const s of this.steps) {
      s.kernelGrad.dispose();
      s.biasGrad?.dispose();
    }
  }
}
