/**
 * A Q-network run by deeper's native addon (core's NativeChain), for NativeDqnUpdate and
 * ε-greedy acting: a plain chain (the MLP, MinAtar and Nature networks), or the dueling
 * architecture (Wang et al. 2016, eq. 9) as three chains, a trunk and two streams:
 *
 *   forward:   φ = trunk(s),  V = value(φ) ∈ ℝ^{B×1},  A = advantage(φ) ∈ ℝ^{B×|A|},
 *              Q(s, a) = V(s) + A(s, a) − (1/|A|) Σ_a' A(s, a')
 *   backward:  ∂V(s) = Σ_a ∂Q(s, a),   ∂A(s, a) = ∂Q(s, a) − (1/|A|) Σ_a' ∂Q(s, a'),
 *              ∂φ = ∂φ from the value stream + ∂φ from the advantage stream
 *
 * The trunk is every layer before the streams part (MinAtar's convolution; none for an MLP
 * with one hidden layer, whose streams then read the observation).
 */
import type * as tf from '@tensorflow/tfjs';
import { ConfigError, NativeChain, describeLayers, nativeBackendUnsupported, nativeChainUnsupported, type ChainStep } from '@deeper/core';
import { DuelingAggregation } from './q-head';

/** What NativeDqnUpdate and the policy need of a natively run Q-network. */
export interface NativeQNetwork {
  /** |A|: Q-values per observation. */
  readonly outputSize: number;
  /** The input buffer for `batch` observations, to fill before `forward(batch)`. */
  inputView(batch: number): Float32Array;
  /** Q(s, ·) of the batch in the input buffer, [batch, |A|]. */
  forward(batch: number): Float32Array;
  /** ∂L/∂Q of the last forward pass, to fill before `backward()`. */
  outputGradientView(): Float32Array;
  /** The parameter gradients by variable name (owned by the network: do not dispose). */
  backward(): tf.NamedTensorMap;
  dispose(): void;
}

/** The layers from `layer` back to the model's input, each reading only the one before: [input side … layer]. */
function pathTo(layer: tf.layers.Layer): tf.layers.Layer[] | string {
  const path = [layer];
  for (let at = layer; ;) {
    const inbound = at.inboundNodes.flatMap((node) => node.inboundLayers);
    if (inbound.length === 0) break;
    if (inbound.length !== 1) return `layer ${JSON.stringify(at.name)} reads ${inbound.length} layers`;
    at = inbound[0];
    path.push(at);
  }
  return path.reverse();
}

interface DuelingParts { trunk: ChainStep[] | null; value: ChainStep[]; advantage: ChainStep[] }

/** The dueling model's trunk and streams as chain steps, or why it is not one NativeDuelingQNetwork runs. */
function duelingParts(model: tf.LayersModel): DuelingParts | string {
  const last = model.layers[model.layers.length - 1];
  if (!(last instanceof DuelingAggregation) || model.outputs.length !== 1 || model.inputs.length !== 1) return 'its output is not a dueling aggregation';
  const [valueOut, advantageOut] = last.inboundNodes.flatMap((node) => node.inboundLayers);
  const value = pathTo(valueOut);
  const advantage = pathTo(advantageOut);
  if (typeof value === 'string') return value;
  if (typeof advantage === 'string') return advantage;
  let shared = 0;
  while (shared < value.length && shared < advantage.length && value[shared] === advantage[shared]) shared++;
  if (shared === 0) return 'its streams do not start from one input';
  const trunkLayers = value.slice(0, shared).filter((l) => l.getClassName() !== 'InputLayer');
  const trunk = trunkLayers.some((l) => l.getClassName() !== 'Flatten') ? describeLayers(trunkLayers) : null;
  if (typeof trunk === 'string') return `its trunk: ${trunk}`;
  const v = describeLayers(value.slice(shared));
  if (typeof v === 'string') return `its value stream: ${v}`;
  const a = describeLayers(advantage.slice(shared));
  if (typeof a === 'string') return `its advantage stream: ${a}`;
  if (v[v.length - 1].outShape.join() !== '1') return 'its value stream does not end in one output';
  return { trunk, value: v, advantage: a };
}

/** Why `model` cannot run natively (neither a chain nor a dueling network of chains), or null. */
export function nativeQNetworkUnsupported(model: tf.LayersModel): string | null {
  if (!(model.layers[model.layers.length - 1] instanceof DuelingAggregation)) return nativeChainUnsupported(model);
  const backend = nativeBackendUnsupported();
  if (backend !== null) return backend;
  const parts = duelingParts(model);
  return typeof parts === 'string' ? `model ${JSON.stringify(model.name)} is a dueling network NativeDuelingQNetwork cannot run: ${parts}` : null;
}

export class NativeDuelingQNetwork implements NativeQNetwork {
  private readonly trunk: NativeChain | null;
  private readonly value: NativeChain;
  private readonly advantage: NativeChain;
  readonly outputSize: number;
  private q: Float32Array;
  private dq: Float32Array;
  private batch = 0;

  constructor(model: tf.LayersModel, readonly maxBatch: number) {
    const parts = duelingParts(model);
    if (typeof parts === 'string') throw new ConfigError('NativeDuelingQNetwork', 'model', 'a dueling Q-network of Dense/Conv2D/Flatten chains', model.name, parts);
    this.trunk = parts.trunk ? new NativeChain({ name: `${model.name} trunk`, steps: parts.trunk }, maxBatch) : null;
    this.value = new NativeChain({ name: `${model.name} value`, steps: parts.value }, maxBatch, { inputGradient: this.trunk !== null });
    this.advantage = new NativeChain({ name: `${model.name} advantage`, steps: parts.advantage }, maxBatch, { inputGradient: this.trunk !== null });
    this.outputSize = this.advantage.outputSize;
    this.q = new Float32Array(maxBatch * this.outputSize);
    this.dq = new Float32Array(maxBatch * this.outputSize);
  }

  inputView(batch: number): Float32Array {
    return (this.trunk ?? this.value).inputView(batch);
  }

  forward(batch: number): Float32Array {
    let features: number;
    if (this.trunk) {
      this.trunk.forward(batch);
      features = this.trunk.outputOffset();
    } else {
      features = this.value.inputOffset();
    }
    const v = Float32Array.from(this.value.forward(batch, features));
    const adv = this.advantage.forward(batch, features);
    const n = this.outputSize;
    for (let b = 0; b < batch; b++) {
      let mean = 0;
      for (let a = 0; a < n; a++) mean += adv[b * n + a];
      mean /= n;
      for (let a = 0; a < n; a++) this.q[b * n + a] = v[b] + (adv[b * n + a] - mean); // V + (A − mean A)
    }
    this.batch = batch;
    return this.q.subarray(0, batch * n);
  }

  outputGradientView(): Float32Array {
    const view = this.dq.subarray(0, this.batch * this.outputSize);
    view.fill(0);
    return view;
  }

  backward(): tf.NamedTensorMap {
    const n = this.outputSize;
    const dv = this.value.outputGradientView();
    const da = this.advantage.outputGradientView();
    for (let b = 0; b < this.batch; b++) {
      let sum = 0;
      for (let a = 0; a < n; a++) sum += this.dq[b * n + a];
      dv[b] = sum; // ∂V = Σ_a ∂Q
      for (let a = 0; a < n; a++) da[b * n + a] = this.dq[b * n + a] - sum / n; // ∂A = ∂Q − mean ∂Q
    }
    const grads = { ...this.value.backward(), ...this.advantage.backward() };
    if (!this.trunk) return grads;
    const fromValue = Float32Array.from(this.value.inputGradientView());
    const df = this.trunk.outputGradientView();
    const fromAdvantage = this.advantage.inputGradientView();
    for (let i = 0; i < df.length; i++) df[i] = fromValue[i] + fromAdvantage[i]; // ∂φ from both streams
    return { ...grads, ...this.trunk.backward() };
  }

  dispose(): void {
    this.trunk?.dispose();
    this.value.dispose();
    this.advantage.dispose();
  }
}

/** The native runner for `model`: a NativeChain, or a NativeDuelingQNetwork for dueling heads. */
export function nativeQNetwork(model: tf.LayersModel, maxBatch: number): NativeQNetwork {
  return model.layers[model.layers.length - 1] instanceof DuelingAggregation ? new NativeDuelingQNetwork(model, maxBatch) : new NativeChain(model, maxBatch);
}
