/**
 * Which models a `NativeChain` runs: a plain chain of layers, each reading the one before,
 * made of the layers small networks (Q-networks, MLP baselines) are built from:
 * - `Dense` with a linear or ReLU activation, bias or none;
 * - `Conv2D`, channels-last, any kernel size, stride, dilation and 'valid'/'same' padding,
 *   linear or ReLU, bias or none;
 * - `Flatten` (a channels-last [H, W, C] row is already flat in memory) and `InputLayer`.
 * `describeChain` turns a model into that list of steps, or says in one sentence which
 * layer keeps it off the native path, so that callers fall back to tfjs and can report why.
 */
import * as tf from '@tensorflow/tfjs';

/** One layer with weights: y = act(x · W + b) (dense) or act(conv(x, W) + b). */
export interface ChainStep {
  kind: 'dense' | 'conv2d';
  layer: tf.layers.Layer;
  /** Shape of one example's input and output, without the batch dimension. */
  inShape: number[];
  outShape: number[];
  relu: boolean;
  hasBias: boolean;
  /** Conv2D only: kernel [kh, kw], strides, dilations and padding. */
  conv?: { kernel: [number, number]; strides: [number, number]; dilations: [number, number]; padding: 'valid' | 'same' };
}

const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [Number(v[0]), Number(v[1] ?? v[0])] : [Number(v), Number(v)]);

function activationOf(layer: tf.layers.Layer): 'linear' | 'relu' | string {
  const a = (layer.getConfig() as { activation?: unknown }).activation;
  return a === undefined || a === null ? 'linear' : String(a);
}

/**
 * One layer as a step: a ChainStep for Dense and Conv2D, null for the layers that move no
 * data (InputLayer, Flatten), or the reason the native path cannot run it.
 */
export function describeStep(layer: tf.layers.Layer): ChainStep | null | string {
  const name = `layer ${JSON.stringify(layer.name)} (${layer.getClassName()})`;
  const cls = layer.getClassName();
  if (cls === 'InputLayer' || cls === 'Flatten') return null;
  if (cls !== 'Dense' && cls !== 'Conv2D') return `${name} is neither Dense, Conv2D nor Flatten`;
  const activation = activationOf(layer);
  if (activation !== 'linear' && activation !== 'relu') return `${name} has activation ${activation}, where the native path runs linear or relu`;
  const shapes = layer.inboundNodes[0].inputShapes as tf.Shape | tf.Shape[];
  const inShape = (Array.isArray(shapes[0]) ? (shapes as tf.Shape[])[0] : (shapes as tf.Shape)).slice(1) as number[];
  const outShape = (layer.outputShape as tf.Shape).slice(1) as number[];
  const config = layer.getConfig() as Record<string, unknown>;
  const hasBias = config.useBias !== false;
  if (cls === 'Dense') {
    if (inShape.length !== 1) return `${name} reads a rank-${inShape.length + 1} tensor, where the native path runs dense layers on [batch, features]`;
    return { kind: 'dense', layer, inShape, outShape, relu: activation === 'relu', hasBias };
  }
  if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') return `${name} is ${String(config.dataFormat)}, where the native path runs channelsLast`;
  const padding = config.padding as string;
  if (padding !== 'valid' && padding !== 'same') return `${name} has padding ${padding}`;
  return {
    kind: 'conv2d', layer, inShape, outShape, relu: activation === 'relu', hasBias,
    conv: { kernel: pair(config.kernelSize), strides: pair(config.strides), dilations: pair(config.dilationRate ?? 1), padding },
  };
}

/**
 * The steps of `layers`, a path through a model in which each layer reads only the one
 * before it (the first reads whatever the caller feeds it), or the reason it is not one.
 */
export function describeLayers(layers: readonly tf.layers.Layer[]): ChainStep[] | string {
  const steps: ChainStep[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    if (i > 0) {
      const inbound = layer.inboundNodes.flatMap((node) => node.inboundLayers);
      if (inbound.length !== 1 || inbound[0] !== layers[i - 1]) return `layer ${JSON.stringify(layer.name)} (${layer.getClassName()}) does not read only the layer before it`;
    }
    const step = describeStep(layer);
    if (typeof step === 'string') return step;
    if (step !== null) steps.push(step);
  }
  return steps.length === 0 ? 'it has no Dense or Conv2D layer' : steps;
}

/** The steps of `model`, or the reason it is not a chain the native path runs. */
export function describeChain(model: tf.LayersModel): ChainStep[] | string {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    return `it has ${model.inputs.length} inputs and ${model.outputs.length} outputs, where a chain has one of each`;
  }
  const first = model.layers[0];
  const inbound = first.inboundNodes.flatMap((node) => node.inboundLayers);
  // The first layer is the InputLayer (a functional model) or reads a hidden one (a Sequential).
  if (!(inbound.length === 0 || (inbound.length === 1 && inbound[0].getClassName() === 'InputLayer'))) {
    return `layer ${JSON.stringify(first.name)} (${first.getClassName()}) does not read the model's input`;
  }
  const steps = describeLayers(model.layers);
  if (typeof steps === 'string') return steps;
  const last = model.layers[model.layers.length - 1];
  if (model.outputs[0].sourceLayer !== last) return 'its output is not its last layer';
  return steps;
}
