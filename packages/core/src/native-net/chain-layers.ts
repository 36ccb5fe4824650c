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

/** The steps of `model`, or the reason it is not a chain the native path runs. */
export function describeChain(model: tf.LayersModel): ChainStep[] | string {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    return `it has ${model.inputs.length} inputs and ${model.outputs.length} outputs, where a chain has one of each`;
  }
  const steps: ChainStep[] = [];
  let previous: tf.layers.Layer | null = null;
  for (const layer of model.layers) {
    const name = `layer ${JSON.stringify(layer.name)} (${layer.getClassName()})`;
    const inbound = layer.inboundNodes.flatMap((node) => node.inboundLayers);
    // The first layer is the InputLayer (a functional model) or reads a hidden one (a Sequential).
    const first = previous === null && (inbound.length === 0 || (inbound.length === 1 && inbound[0].getClassName() === 'InputLayer'));
    if (!first && (inbound.length !== 1 || inbound[0] !== previous)) {
      return `${name} does not read only the layer before it`;
    }
    previous = layer;
    const cls = layer.getClassName();
    if (cls === 'InputLayer' || cls === 'Flatten') continue;
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
      steps.push({ kind: 'dense', layer, inShape, outShape, relu: activation === 'relu', hasBias });
      continue;
    }
    if (config.dataFormat !== undefined && config.dataFormat !== 'channelsLast') return `${name} is ${String(config.dataFormat)}, where the native path runs channelsLast`;
    const padding = config.padding as string;
    if (padding !== 'valid' && padding !== 'same') return `${name} has padding ${padding}`;
    steps.push({
      kind: 'conv2d', layer, inShape, outShape, relu: activation === 'relu', hasBias,
      conv: { kernel: pair(config.kernelSize), strides: pair(config.strides), dilations: pair(config.dilationRate ?? 1), padding },
    });
  }
  if (steps.length === 0) return 'it has no Dense or Conv2D layer';
  const last = model.layers[model.layers.length - 1];
  if (model.outputs[0].sourceLayer !== last) return 'its output is not its last layer';
  return steps;
}
