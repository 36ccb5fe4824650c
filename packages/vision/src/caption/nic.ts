/**
 * NIC, the Neural Image Caption generator (Vinyals, Toshev, Bengio & Erhan 2015, "Show and
 * Tell", §3.1, eqs. 10–12): a CNN embeds the image, and that embedding is the first input of
 * an LSTM whose next inputs are the embedded words,
 *   x_{−1} = CNN(I),   x_t = W_e S_t (t = 0 … N−1, S_0 the start word),   p_{t+1} = LSTM(x_t),
 * trained with teacher forcing to maximise Σ_t log p_t(S_t). Here the CNN is core's VGG
 * stages with batch norm (the paper: GoogLeNet from ImageNet), flattened into the image
 * embedding by default rather than globally average-pooled as GoogLeNet's is: the shape
 * captions name each shape's quadrant, and an average over the map keeps what was seen but
 * not where (with average pooling NIC wrote no true caption; docs/results/vision.md), and
 * the model takes the image and the word indices [S_0 … S_{T−1}] and returns T + 1 rows of
 * logits: row 0 follows the image alone (NIC does not use it; `wordLogits` drops it), row t
 * predicts S_t.
 *
 * With `attention: 'regions'` each word is also read from the image's regions, as in "Show,
 * Attend and Tell" (Xu et al. 2015, §3.1.2, eqs. 4–6 with soft attention) but after the LSTM
 * (Luong et al. 2015's global attention, not fed back): the cells a_i of the CNN's last map,
 *   e_{t,i} = h_t · W_a a_i,   α_t = softmax_i(e_t),   ẑ_t = Σ_i α_{t,i} a_i,
 *   logits_t = W_h h_t + W_z ẑ_t + b        (eq. 7's deep output without its word term and its nonlinearity),
 * so the word at t can come from the attended region's features through W_z, whatever the
 * word before it was.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkOneOf, ConfigError, resolveConfig, vggStack } from '@deeper/core';

export interface NicConfig {
  /** Words, the four special tokens included. */
  vocabularySize: number;
  /** Word positions fed (start word included); default 40. */
  maxLength: number;
  /** Image [height, width, channels]; default [64, 64, 3] (shape scenes). */
  inputShape: [number, number, number];
  /** Filters of the CNN's VGG stages; default [16, 32, 64]. */
  filters: number[];
  /** How the CNN's last map becomes the image embedding's input: 'flatten' (default; keeps where each feature is) or 'average' (global average pooling, as GoogLeNet's features in the paper). */
  imagePooling: 'flatten' | 'average';
  /** How the image embedding is scaled before the LSTM: 'none' (default; the paper's plain linear map) or 'batch' (batch norm, as in the CNN's stages: trained jointly from scratch the linear map grew to a mean |x| of 18–181 against the word embeddings' 0.15; docs/results/vision.md). */
  imageNormalization: 'batch' | 'none';
  /**
   * What the CNN sees: 'joint' (default; the VGG stages read the RGB image, as in the paper) or
   * 'shape-colour', two streams whose maps are stacked before the embedding: the VGG stages read
   * the image's grey level (the mean of its channels, a fixed 1×1 convolution) and so learn shape
   * and size without colour, and a colour stream of two per-pixel (1×1) convolutions, max-pooled
   * to the VGG stages' last grid, says which colours lie in each cell and cannot see shape. With
   * 'joint', NIC trained on shape scenes learnt shape features that a linear probe could not read
   * on the held-out shape–colour pairs (0.32 right against 1.00 on seen pairs; docs/results/vision.md).
   * 'silhouette-colour' is 'shape-colour' with the VGG stages reading where anything is drawn
   * instead of how bright it is: the grey level saturated at a tenth of full scale
   * (min(1, 10 · grey)), which is 0 on a black background and 1 on every colour of the shape
   * scenes. The grey level of a shape still says its colour (93–160 of 255 for the four colours),
   * so shape features learnt on it meet a held-out shape–colour pair at a level never seen for
   * that shape; with 'shape-colour' those pairs were where the shape was misread
   * (docs/results/vision.md). Meant for scenes drawn on a plain dark background.
   */
  imageStreams: 'joint' | 'shape-colour' | 'silhouette-colour';
  /** Where the image embedding enters the LSTM: 'first' (default; x₋₁ only, as in the paper) or 'every-step' (also concatenated to every word embedding, as in m-RNN and LRCN, which the paper reports overfits more; an option for when the first input alone does not carry the image's details through the caption). */
  imageInput: 'first' | 'every-step';
  /**
   * How the words see the image beyond the LSTM's input: 'none' (default; the paper's NIC) or
   * 'regions' (soft attention over the CNN's last map after the LSTM, its context added to the
   * word logits; see the header). The cells are read before imagePooling, so either pooling works.
   */
  attention: 'none' | 'regions';
  /** Size of the image and word embeddings; default 64 (the paper: 512). */
  embedding: number;
  /** LSTM units; default 128 (the paper: 512). */
  units: number;
  /** Seed of every initializer; default 0. */
  seed: number;
}

export const nicDefaults: Omit<NicConfig, 'vocabularySize'> & { vocabularySize: number } = {
  vocabularySize: 4, maxLength: 40, inputShape: [64, 64, 3], filters: [16, 32, 64], imagePooling: 'flatten', imageNormalization: 'none', imageStreams: 'joint', imageInput: 'first', attention: 'none', embedding: 64, units: 128, seed: 0,
};

export function resolveNicConfig(partial: Partial<NicConfig> = {}): NicConfig {
  const who = 'nic';
  const c = resolveConfig(who, nicDefaults, partial);
  checkInteger(who, 'vocabularySize', c.vocabularySize, 5);
  checkInteger(who, 'maxLength', c.maxLength, 2);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3 || c.inputShape.some((d) => !Number.isInteger(d) || d < 1)) throw new ConfigError(who, 'inputShape', '[height, width, channels] of positive integers', c.inputShape);
  if (!Array.isArray(c.filters) || c.filters.length === 0 || c.filters.some((f) => !Number.isInteger(f) || f < 1)) throw new ConfigError(who, 'filters', 'a non-empty list of positive integers', c.filters);
  checkOneOf(who, 'imagePooling', c.imagePooling, ['flatten', 'average'] as const);
  checkOneOf(who, 'imageNormalization', c.imageNormalization, ['batch', 'none'] as const);
  checkOneOf(who, 'imageStreams', c.imageStreams, ['joint', 'shape-colour', 'silhouette-colour'] as const);
  if (c.imageStreams !== 'joint' && c.inputShape.slice(0, 2).some((side) => side % 2 ** c.filters.length !== 0)) {
    throw new ConfigError(who, 'inputShape', `sides divisible by 2^${c.filters.length} (one halving per VGG stage) for imageStreams '${c.imageStreams}'`, c.inputShape);
  }
  checkOneOf(who, 'imageInput', c.imageInput, ['first', 'every-step'] as const);
  checkOneOf(who, 'attention', c.attention, ['none', 'regions'] as const);
  checkInteger(who, 'embedding', c.embedding);
  checkInteger(who, 'units', c.units);
  checkInteger(who, 'seed', c.seed, 0);
  return c;
}

/** The captioner: inputs [image, words]; output logits [batch, maxLength + 1, vocabularySize]. */
export function nic(partial: Partial<NicConfig> = {}): tf.LayersModel {
  const c = resolveNicConfig(partial);
  const image = tf.input({ shape: c.inputShape, name: 'image' });
  const words = tf.input({ shape: [c.maxLength], name: 'words' });
  let x: tf.SymbolicTensor = c.imageStreams === 'joint' ? image : c.imageStreams === 'shape-colour' ? greyLevel(image, c.inputShape[2]) : silhouette(image, c.inputShape[2]);
  c.filters.forEach((filters, i) => {
    x = vggStack(x, { filters, convs: 1, batchNorm: true, seed: c.seed + 101 * i, name: `cnn${i + 1}` });
  });
  if (c.imageStreams !== 'joint') x = tf.layers.concatenate({ axis: -1, name: 'cnn_streams' }).apply([x, colourStream(image, c)]) as tf.SymbolicTensor;
  const cells = x;
  x = (c.imagePooling === 'flatten' ? tf.layers.flatten({ name: 'cnn_pool' }) : tf.layers.globalAveragePooling2d({ name: 'cnn_pool' })).apply(x) as tf.SymbolicTensor;
  let imageEmbedding = tf.layers.dense({ units: c.embedding, name: 'image_embedding', kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 1 }) }).apply(x) as tf.SymbolicTensor;
  if (c.imageNormalization === 'batch') imageEmbedding = tf.layers.batchNormalization({ name: 'image_embedding_norm' }).apply(imageEmbedding) as tf.SymbolicTensor;
  const first = tf.layers.reshape({ targetShape: [1, c.embedding], name: 'x_minus_1' }).apply(imageEmbedding) as tf.SymbolicTensor;
  const wordEmbedding = tf.layers.embedding({ inputDim: c.vocabularySize, outputDim: c.embedding, name: 'word_embedding', embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: c.seed + 2 }) }).apply(words) as tf.SymbolicTensor;
  let sequence = tf.layers.concatenate({ axis: 1, name: 'inputs' }).apply([first, wordEmbedding]) as tf.SymbolicTensor;
  if (c.imageInput === 'every-step') {
    const everyStep = tf.layers.repeatVector({ n: c.maxLength + 1, name: 'image_every_step' }).apply(imageEmbedding) as tf.SymbolicTensor;
    sequence = tf.layers.concatenate({ axis: 2, name: 'inputs_with_image' }).apply([sequence, everyStep]) as tf.SymbolicTensor;
  }
  const hidden = tf.layers.lstm({
    units: c.units, returnSequences: true, name: 'lstm',
    kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 3 }), recurrentInitializer: tf.initializers.orthogonal({ seed: c.seed + 4 }),
  }).apply(sequence) as tf.SymbolicTensor;
  const beforeLogits = c.attention === 'regions' ? tf.layers.concatenate({ axis: 2, name: 'hidden_and_context' }).apply([hidden, regionContext(cells, hidden, c)]) as tf.SymbolicTensor : hidden;
  const logits = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: c.vocabularySize, kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 5 }) }), name: 'word_logits' }).apply(beforeLogits) as tf.SymbolicTensor;
  return tf.model({ inputs: [image, words], outputs: logits, name: 'nic' });
}

/**
 * ẑ_t of the header: soft attention of each LSTM output h_t over the cells a_i of the CNN's
 * last map [n, h, w, d] (scores h_t · W_a a_i, a softmax over the cells), the cells' average
 * under those weights: [n, T + 1, d].
 */
function regionContext(map: tf.SymbolicTensor, hidden: tf.SymbolicTensor, c: NicConfig): tf.SymbolicTensor {
  const [, h, w, d] = map.shape as number[];
  const regions = tf.layers.reshape({ targetShape: [h * w, d], name: 'regions' }).apply(map) as tf.SymbolicTensor;
  const keys = tf.layers.dense({ units: c.units, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed + 6 }), name: 'attention_keys' }).apply(regions) as tf.SymbolicTensor;
  const scores = tf.layers.dot({ axes: [2, 2], name: 'attention_scores' }).apply([hidden, keys]) as tf.SymbolicTensor;
  const weights = tf.layers.softmax({ axis: -1, name: 'attention_weights' }).apply(scores) as tf.SymbolicTensor;
  return tf.layers.dot({ axes: [2, 1], name: 'attention_context' }).apply([weights, regions]) as tf.SymbolicTensor;
}

/** `gain` times the mean of the image's channels, by a fixed (untrained) 1×1 convolution named `name`. */
function greyLevel(image: tf.SymbolicTensor, channels: number, gain = 1, name = 'grey_level'): tf.SymbolicTensor {
  return tf.layers.conv2d({ filters: 1, kernelSize: 1, useBias: false, trainable: false, kernelInitializer: tf.initializers.constant({ value: gain / channels }), name }).apply(image) as tf.SymbolicTensor;
}

/** Saturation of the grey level above which a pixel counts as drawn: a tenth of full scale. */
const silhouetteGain = 10;

/** Where anything is drawn: min(1, 10 · grey level), the grey level scaled and put through a ReLU capped at 1. */
function silhouette(image: tf.SymbolicTensor, channels: number): tf.SymbolicTensor {
  return tf.layers.reLU({ maxValue: 1, name: 'silhouette' }).apply(greyLevel(image, channels, silhouetteGain, 'silhouette_level')) as tf.SymbolicTensor;
}

/** Which colours lie in each cell of the VGG stages' last grid: per-pixel features (two 1×1 convolutions with ReLU), max-pooled over the cell. */
function colourStream(image: tf.SymbolicTensor, c: NicConfig): tf.SymbolicTensor {
  const units = c.filters[c.filters.length - 1];
  let x = image;
  [0, 1].forEach((k) => {
    x = tf.layers.conv2d({ filters: units, kernelSize: 1, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: c.seed + 11 + k }), name: `colour${k + 1}` }).apply(x) as tf.SymbolicTensor;
  });
  // Each VGG stage halves the map, so one cell of its last grid covers 2^stages pixels a side.
  const cell = 2 ** c.filters.length;
  return tf.layers.maxPooling2d({ poolSize: cell, strides: cell, name: 'colour_pool' }).apply(x) as tf.SymbolicTensor;
}

/** The rows of NIC's output that predict words: all but the first (which follows the image alone). */
export function wordLogits(outputs: tf.Tensor3D): tf.Tensor3D {
  const [n, t, v] = outputs.shape;
  return tf.slice(outputs, [0, 1, 0], [n, t - 1, v]);
}
