/**
 * Standing statistics (Brock, Donahue & Simonyan 2019, "Large Scale GAN Training for High
 * Fidelity Natural Image Synthesis", Appendix C.1): replace every batch norm's moving mean
 * and variance with the average of the batch statistics that the network's own weights
 * produce, over `passes` forward passes in training mode.
 *
 * Why: a network whose weights were not the ones its moving statistics were gathered with
 * (an exponential moving average of a generator's weights, whose batch norms hold an average
 * of statistics that other weights produced), or whose moving averages lag the weights (a
 * momentum of 0.9 keeps about ten noisy batches), normalises differently at inference from
 * how it was trained. Training mode normalised each batch with its own statistics; standing
 * statistics give inference the same normalisation, averaged over many batches.
 *
 * How: pass t (from 0) runs in training mode with each batch norm's momentum set to
 * t / (t + 1), so that its update old − (old − batch) · (1 − momentum) leaves the running mean
 * of the passes' batch means and biased batch variances; the momenta are restored afterwards.
 * Every batch norm of a pass normalises with that pass's batch statistics, as in training.
 * Training mode switches on dropout too: give this networks without dropout (a DCGAN
 * generator), or expect dropout's noise in the statistics.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '../config';
import { ConfigError } from '../errors';

/** The fields of a tfjs-layers batch norm that this reads and writes. */
interface BatchNormFields {
  momentum: number;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

function isBatchNorm(layer: tf.layers.Layer): layer is tf.layers.Layer & BatchNormFields {
  const l = layer as unknown as Partial<BatchNormFields>;
  return layer.getClassName() === 'BatchNormalization' && typeof l.momentum === 'number' && l.movingMean != null && l.movingVariance != null;
}

/** Every batch-norm layer of `model`, nested models included, in layer order. */
export function batchNormLayers(model: tf.LayersModel): (tf.layers.Layer & BatchNormFields)[] {
  const found: (tf.layers.Layer & BatchNormFields)[] = [];
  const visit = (layers: tf.layers.Layer[]) => {
    for (const layer of layers) {
      if (isBatchNorm(layer)) found.push(layer);
      else if (layer instanceof tf.LayersModel) visit(layer.layers);
    }
  };
  visit(model.layers);
  return found;
}

/**
 * Sets the moving statistics of every batch norm of `model` to the average of its batch
 * statistics over `passes` training-mode passes of the inputs `batch(t)` returns for
 * t = 0 … passes − 1 (disposed here). Returns the number of batch norms set; a model with
 * none is refused, since the call would do nothing.
 */
export function standingStatistics(model: tf.LayersModel, batch: (pass: number) => tf.Tensor | tf.Tensor[], passes: number): number {
  const who = 'standingStatistics';
  checkInteger(who, 'passes', passes);
  const norms = batchNormLayers(model);
  if (norms.length === 0) throw new ConfigError(who, 'model', `a model with batch-norm layers (${model.name} has none)`, model.name);
  const momenta = norms.map((layer) => layer.momentum);
  try {
    for (let t = 0; t < passes; t++) {
      for (const layer of norms) layer.momentum = t / (t + 1);
      const inputs = batch(t);
      try {
        tf.tidy(() => { model.apply(inputs, { training: true }); });
      } finally {
        tf.dispose(inputs);
      }
    }
  } finally {
    norms.forEach((layer, i) => { layer.momentum = momenta[i]; });
  }
  return norms.length;
}
