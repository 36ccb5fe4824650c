/**
 * Q(s, ·; θ) of a Q-network with the same kernels `LayersModel.apply` runs, without its
 * per-call walk: apply visits the model's graph in JavaScript, checks each layer's input
 * spec, and wraps every layer in a tidy and name scope on every call, which for DQN's small
 * networks at batch 1 and 32 costs more than their arithmetic (a MinAtar update runs three
 * such passes; experiments/dqn-profile-update.ts lists its kernels). A network that is a
 * plain chain of Conv2D (channels last, no dilation), Flatten and Dense layers with ReLU or
 * linear activations — the MLP, MinAtar and Nature networks without dueling heads — runs
 * here as the fused convolutions and matmuls those layers call themselves (`tf.fused.conv2d`,
 * `tf.fused.matMul`, which split into plain ops when a gradient is being recorded, as in
 * the layers); any other network, or an input whose shape the model does not take, goes
 * through `apply`, whose checks and errors it keeps.
 */
import * as tf from '@tensorflow/tfjs';

type Step = (x: tf.Tensor) => tf.Tensor;

/** `direct`: run chains of layers as their ops (default true); false sends every call through `apply` (for benchmarks that compare the two). */
export const qValuesSettings = { direct: true };

/** Each model's chain of steps, or null where the model is not a chain this file can run. */
const plans = new WeakMap<tf.LayersModel, { steps: Step[]; inputShape: (number | null)[] } | null>();

function activationOf(config: tf.serialization.ConfigDict): 'relu' | 'linear' | null {
  const name = config.activation;
  return name === 'relu' || name === 'linear' ? name : null;
}

/** The step that runs `layer`, or null where this file does not run its kind or configuration. */
function stepOf(layer: tf.layers.Layer): Step | null {
  const config = layer.getConfig();
  const kind = layer.getClassName();
  if (kind === 'Flatten') {
    if (config.dataFormat === 'channelsFirst') return null;
    return (x) => tf.reshape(x, [x.shape[0], -1]);
  }
  const weights = layer.weights;
  const activation = activationOf(config);
  if (activation === null || config.useBias !== true || weights.length !== 2) return null;
  const [kernel, bias] = weights;
  if (kind === 'Dense') {
    const shapes = layer.inboundNodes[0].inputShapes as (number | null)[] | (number | null)[][];
    const inputShape = Array.isArray(shapes[0]) ? shapes[0] : shapes;
    if (inputShape.length !== 2) return null; // [batch, features]: Dense on higher ranks maps the last axis
    return (x) => tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel.read() as tf.Tensor2D, bias: bias.read(), activation });
  }
  if (kind === 'Conv2D') {
    const dilation = config.dilationRate as number[] | number;
    const dilated = Array.isArray(dilation) ? dilation.some((d) => d !== 1) : dilation !== 1;
    if (config.dataFormat !== 'channelsLast' || dilated || (config.padding !== 'valid' && config.padding !== 'same')) return null;
    const strides = config.strides as [number, number];
    const pad = config.padding as 'valid' | 'same';
    return (x) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: kernel.read() as tf.Tensor4D, strides, pad, dataFormat: 'NHWC', bias: bias.read(), activation });
  }
  return null;
}

function planOf(model: tf.LayersModel): { steps: Step[]; inputShape: (number | null)[] } | null {
  if (plans.has(model)) return plans.get(model)!;
  let plan: { steps: Step[]; inputShape: (number | null)[] } | null = null;
  const layers = model.layers;
  // A chain: one input, one output, and each layer fed by exactly the layer before it.
  const chain = model.inputs.length === 1 && model.outputs.length === 1 && layers.length > 1 && layers[0].getClassName() === 'InputLayer'
    && layers.every((layer, i) => layer.inboundNodes.length === 1 && (i === 0 || (layer.inboundNodes[0].inboundLayers.length === 1 && layer.inboundNodes[0].inboundLayers[0] === layers[i - 1])))
    && model.outputs[0].sourceLayer === layers[layers.length - 1];
  if (chain) {
    const steps = layers.slice(1).map(stepOf);
    if (steps.every((s): s is Step => s !== null)) plan = { steps, inputShape: model.inputs[0].shape };
  }
  plans.set(model, plan);
  return plan;
}

/**
 * Q(s, ·; θ) for the batch `x`: the model's output, as `model.apply(x, { training })` computes
 * it (`training` matters only to the layers that go through apply; the chain has none that
 * behave differently in training).
 */
export function qValues(model: tf.LayersModel, x: tf.Tensor, training = false): tf.Tensor {
  const plan = qValuesSettings.direct ? planOf(model) : null;
  if (plan === null || x.rank !== plan.inputShape.length || plan.inputShape.some((d, i) => i > 0 && d !== x.shape[i])) {
    return model.apply(x, { training }) as tf.Tensor;
  }
  return tf.tidy(() => plan.steps.reduce((h, step) => step(h), x));
}
