/**
 * The average of a model's weights over several saved checkpoints: stochastic weight
 * averaging (Izmailov, Podoprikhin, Garipov, Vetrov & Wilson 2018, "Averaging Weights Leads
 * to Wider Optima and Better Generalization", Algorithm 1), here over checkpoints already on
 * disk, e.g. the ends of a run's last epochs,
 *
 *   w_SWA = (1 / n) Σ_{i=1..n} w_i.
 *
 * Why: with a constant learning rate the iterates keep moving around a wide region of low
 * loss, and the score of the last iterate swings from epoch to epoch; their average lies
 * nearer the region's centre and generalises better (the paper, §3 and Fig. 1).
 *
 * Every weight is averaged, batch norms' moving statistics too; those belong to the
 * iterates, not to the average, so the paper recomputes them with one pass over the
 * training data (§3.2): core's `standingStatistics` does that.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { fileSystemHandler, modelFiles } from './file-system-handler';
import { loadWeightsDefaults, matchWeights, type LoadWeightsConfig } from './save-model';

/**
 * Sets `model`'s weights to the mean of the weights saved (by `saveModel`) in `dirs`, each
 * matched to the model as `loadWeightsInto` matches them; a checkpoint that does not fit the
 * model is refused with its file and the mismatch. Returns `model`.
 */
export async function averageWeightsInto(model: tf.LayersModel, dirs: readonly string[], config: Partial<LoadWeightsConfig> = {}): Promise<tf.LayersModel> {
  const who = 'averageWeightsInto';
  const c = resolveConfig(who, loadWeightsDefaults, config);
  checkOneOf(who, 'match', c.match, ['name', 'order'] as const);
  if (!Array.isArray(dirs) || dirs.length === 0) throw new ConfigError(who, 'dirs', 'at least one checkpoint folder', dirs);
  let sums: tf.NamedTensorMap | null = null;
  try {
    for (const dir of dirs) {
      const artifacts = await fileSystemHandler(dir).load();
      const values = matchWeights(model, join(dir, modelFiles.weights), artifacts, c.match);
      if (sums === null) {
        sums = values;
        continue;
      }
      const previous: tf.NamedTensorMap = sums;
      sums = tf.tidy(() => Object.fromEntries(Object.entries(previous).map(([name, sum]) => [name, tf.add(sum, values[name])])));
      tf.dispose([...Object.values(previous), ...Object.values(values)]);
    }
    const totals = sums as tf.NamedTensorMap;
    const means = tf.tidy(() => Object.fromEntries(Object.entries(totals).map(([name, sum]) => [name, tf.div(sum, dirs.length)])));
    try {
      model.loadWeights(means, true);
    } finally {
      tf.dispose(Object.values(means));
    }
  } finally {
    if (sums !== null) tf.dispose(Object.values(sums));
  }
  return model;
}
