/**
 * A feature network from a network we trained ourselves: the VGG stages (`stage<i>_…` layers)
 * of an FCN-8s segmentation model, re-applied to an input of any size, with the ReLU output
 * of every convolution as an output (the layers, and so the weights, are shared with the
 * source model). Its max pooling stays (the trained layers expect it).
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '@deeper/core';

export function encoderFeatures(model: tf.LayersModel, stages = 3): tf.LayersModel {
  const channels = model.inputs[0].shape[3] as number;
  const input = tf.input({ shape: [null, null, channels], name: 'image' });
  let x: tf.SymbolicTensor = input;
  const outputs: tf.SymbolicTensor[] = [];
  const layers = model.layers.filter((l) => {
    const m = /^stage(\d+)_/.exec(l.name);
    return m !== null && Number(m[1]) <= stages;
  });
  if (layers.length === 0) throw new ConfigError('encoderFeatures', 'model', 'a network with VGG stages named stage<i>_… (an FCN-8s from fcn8s)', model.name);
  for (const layer of layers) {
    x = layer.apply(x) as tf.SymbolicTensor;
    if (layer.name.endsWith('_relu')) outputs.push(x);
  }
  return tf.model({ inputs: input, outputs, name: `${model.name}_features` });
}
