/**
 * The feature network of style transfer: a VGG-style stack from core's `convBnRelu` blocks
 * (3×3 convolutions and ReLU, no batch norm) with average pooling between stages, as Gatys
 * et al. 2016 (§2: "replacing the maximum pooling operation by average pooling yields
 * slightly more appealing results") used VGG-19. Its outputs are the ReLU maps of every
 * convolution, named `stage<i>_conv<j>_relu`.
 *
 * Here its weights are random (He-normal, seeded): random-weight networks carry texture and
 * style (He, Wang & Hopcroft 2016, "A Powerful Generative Model Using Random Weights for the
 * Deep Image Representation"; Ustyuzhaninov et al. 2016, "Texture Synthesis Using Shallow
 * Convolutional Networks with Random Filters"), provided each layer's scale is set, which
 * `normaliseActivations` does the way Gatys normalised VGG-19: every filter rescaled so its
 * mean activation over the given images is one.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, ConfigError, convBnRelu, resolveConfig } from '@deeper/core';

export interface StyleNetConfig {
  /** Image channels; default 3. */
  channels: number;
  /** Filters per stage; default [32, 64, 128] (VGG-19's first three stages have 64, 128, 256). */
  filters: number[];
  /** Convolutions per stage; default 2 (VGG-19: 2, 2, 4, …). */
  convsPerStage: number;
  /** Seed of the He-normal initializers; default 0. */
  seed: number;
}

export const styleNetDefaults: StyleNetConfig = { channels: 3, filters: [32, 64, 128], convsPerStage: 2, seed: 0 };

export function resolveStyleNetConfig(partial: Partial<StyleNetConfig> = {}): StyleNetConfig {
  const who = 'styleNet';
  const c = resolveConfig(who, styleNetDefaults, partial);
  checkInteger(who, 'channels', c.channels);
  if (!Array.isArray(c.filters) || c.filters.length === 0 || c.filters.some((f) => !Number.isInteger(f) || f < 1)) throw new ConfigError(who, 'filters', 'a non-empty list of positive integers', c.filters);
  checkInteger(who, 'convsPerStage', c.convsPerStage);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** Names of the ReLU outputs, in order. */
export function styleNetLayers(c: StyleNetConfig): string[] {
  return c.filters.flatMap((_, i) => Array.from({ length: c.convsPerStage }, (_, j) => `stage${i + 1}_conv${j + 1}_relu`));
}

/** The feature network: input [batch, any height, any width, channels]; one output per convolution. */
export function styleNet(partial: Partial<StyleNetConfig> = {}): tf.LayersModel {
  const c = resolveStyleNetConfig(partial);
  const input = tf.input({ shape: [null, null, c.channels], name: 'image' });
  let x: tf.SymbolicTensor = input;
  const outputs: tf.SymbolicTensor[] = [];
  c.filters.forEach((filters, i) => {
    if (i > 0) x = tf.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `stage${i}_avgpool` }).apply(x) as tf.SymbolicTensor;
    for (let j = 0; j < c.convsPerStage; j++) {
      x = convBnRelu(x, { filters, kernelSize: 3, batchNorm: false, seed: c.seed + 7919 * (i * c.convsPerStage + j), name: `stage${i + 1}_conv${j + 1}` });
      outputs.push(x);
    }
  });
  return tf.model({ inputs: input, outputs, name: 'style_net' });
}

/**
 * Rescales every convolution of `net` (in order) so that each of its filters has mean ReLU
 * activation one over `images`; since ReLU is positively homogeneous, scaling a filter's
 * kernel and bias scales its output exactly. Filters that never fire are left as they are.
 */
export function normaliseActivations(net: tf.LayersModel, images: tf.Tensor4D[]): void {
  const convs = net.layers.filter((l) => l.getClassName() === 'Conv2D');
  convs.forEach((conv, k) => {
    const means = tf.tidy(() => {
      const sums = images.map((image) => {
        const outputs = net.predict(image) as tf.Tensor[];
        return tf.mean(outputs[k], [0, 1, 2]);
      });
      return tf.div(tf.addN(sums), images.length).dataSync();
    });
    const [kernel, bias] = conv.getWeights();
    const scale = tf.tensor1d(Array.from(means, (m) => (m > 1e-12 ? 1 / m : 1)));
    const scaled = [tf.mul(kernel, scale), ...(bias ? [tf.mul(bias, scale)] : [])];
    conv.setWeights(scaled);
    tf.dispose([scale, ...scaled]);
  });
}
