/**
 * Saving and loading tfjs layers models to a directory from plain Node: `model.json` +
 * `weights.bin`, optionally with float16 weights. Loading checks the weights against the
 * model one by one and names the first mismatch (tfjs alone reports a bare count or a
 * generic shape error).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkOneOf, resolveConfig } from '../config';
import { CheckpointError, ConfigError } from '../errors';
import { fileSystemHandler, modelFiles } from './file-system-handler';
import { loadOptimizer, optimizerFiles, saveOptimizer } from './optimizer-checkpoint';

export interface SaveModelConfig {
  /** Storage type of float32 weights: `float32` (exact) or `float16` (half the bytes, rounded to nearest even). Default `float32`. */
  dtype: 'float32' | 'float16';
  /** Whether a compiled model's optimizer state is also written (`optimizer.json` + `optimizer.bin`), so training can resume exactly. Default false. */
  optimizer: boolean;
}

export const saveModelDefaults: SaveModelConfig = { dtype: 'float32', optimizer: false };

export interface LoadModelConfig {
  /** Whether to restore the optimizer state saved next to the model (if the model was compiled and the files exist). Default true. */
  optimizer: boolean;
}

export const loadModelDefaults: LoadModelConfig = { optimizer: true };

export interface LoadWeightsConfig {
  /** How file weights pair with model weights: by `name` (layer/weight names must agree) or by `order` (a model rebuilt in the same process gets fresh layer names). Default `name`. */
  match: 'name' | 'order';
}

export const loadWeightsDefaults: LoadWeightsConfig = { match: 'name' };

/** A compiled model's loss, metrics and optimizer class + hyperparameters, or `undefined`. */
function trainingConfigOf(model: tf.LayersModel): tf.io.TrainingConfig | undefined {
  if (model.optimizer == null) return undefined;
  // tfjs writes the training config only together with the optimizer's weights inside
  // weights.bin (`includeOptimizer`); here the weights file stays model-only and the
  // optimizer state, when wanted, goes to its own files. getTrainingConfig is protected.
  try {
    return (model as unknown as { getTrainingConfig(): tf.io.TrainingConfig }).getTrainingConfig();
  } catch {
    // A custom loss function has no serializable name; the model still saves, uncompiled.
    return undefined;
  }
}

/**
 * Writes `model` to `dir` (created if needed) as `model.json` + `weights.bin`; a compiled
 * model's loss and optimizer settings go into `model.json`, its optimizer state into
 * `optimizer.json` + `optimizer.bin` when `optimizer` is set.
 */
export async function saveModel(model: tf.LayersModel, dir: string, config: Partial<SaveModelConfig> = {}): Promise<tf.io.SaveResult> {
  const c = resolveConfig('saveModel', saveModelDefaults, config);
  checkOneOf('saveModel', 'dtype', c.dtype, ['float32', 'float16'] as const);
  if (typeof c.optimizer !== 'boolean') throw new ConfigError('saveModel', 'optimizer', 'a boolean', c.optimizer);
  if (c.optimizer && model.optimizer == null) {
    throw new ConfigError('saveModel', 'optimizer', 'false for a model that is not compiled', c.optimizer, 'Call model.compile() first, or leave optimizer false');
  }
  const handler = fileSystemHandler(dir, { weightsDtype: c.dtype });
  const trainingConfig = trainingConfigOf(model);
  const result = await model.save({
    save: (artifacts) => handler.save(trainingConfig === undefined ? artifacts : { ...artifacts, trainingConfig }),
  });
  if (c.optimizer) await saveOptimizer(model.optimizer, dir);
  else {
    // State left by an earlier save would otherwise be restored by loadModel onto weights it does not belong to.
    for (const file of Object.values(optimizerFiles)) rmSync(join(dir, file), { force: true });
  }
  return result;
}

const shapeText = (shape: readonly (number | null)[]) => `[${shape.join(', ')}]`;

/**
 * Pairs the file's weight entries with the model's weights and checks every shape;
 * returns the decoded values keyed by the model's weight names.
 */
export function matchWeights(model: tf.LayersModel, path: string, artifacts: tf.io.ModelArtifacts, match: 'name' | 'order'): tf.NamedTensorMap {
  const specs = artifacts.weightSpecs ?? [];
  const modelWeights = model.weights;
  const hint = match === 'name' ? ". If the model was rebuilt with other layer names, pass { match: 'order' }" : '';
  let pairs: [tf.io.WeightsManifestEntry, tf.LayerVariable][];
  if (match === 'order') {
    if (specs.length !== modelWeights.length) {
      throw new CheckpointError(path, `it holds ${specs.length} weights and the model has ${modelWeights.length}`);
    }
    pairs = specs.map((spec, i) => [spec, modelWeights[i]]);
  } else {
    const byName = new Map(specs.map((s) => [s.name, s]));
    const modelNames = new Set(modelWeights.map((w) => w.originalName));
    for (const spec of specs) {
      if (!modelNames.has(spec.name)) {
        throw new CheckpointError(path, `it holds weight ${JSON.stringify(spec.name)} (shape ${shapeText(spec.shape)}), which the model does not have${hint}`);
      }
    }
    pairs = modelWeights.map((w) => {
      const spec = byName.get(w.originalName);
      if (spec === undefined) {
        throw new CheckpointError(path, `the model's weight ${JSON.stringify(w.originalName)} (shape ${shapeText(w.shape)}) is missing from the file${hint}`);
      }
      return [spec, w];
    });
  }
  for (const [spec, w] of pairs) {
    const same = spec.shape.length === w.shape.length && spec.shape.every((d, i) => d === w.shape[i]);
    if (!same) {
      throw new CheckpointError(path,
        `weight ${JSON.stringify(spec.name)}: the model expects shape ${shapeText(w.shape)}, but the file holds shape ${shapeText(spec.shape)}`);
    }
  }
  const decoded = tf.io.decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
  const values: tf.NamedTensorMap = {};
  for (const [spec, w] of pairs) values[w.originalName] = decoded[spec.name];
  return values;
}

/** Loads weights saved by `saveModel` into an existing `model` of the same architecture. */
export async function loadWeightsInto(model: tf.LayersModel, dir: string, config: Partial<LoadWeightsConfig> = {}): Promise<tf.LayersModel> {
  const c = resolveConfig('loadWeightsInto', loadWeightsDefaults, config);
  checkOneOf('loadWeightsInto', 'match', c.match, ['name', 'order'] as const);
  const artifacts = await fileSystemHandler(dir).load();
  const values = matchWeights(model, join(dir, modelFiles.weights), artifacts, c.match);
  try {
    model.loadWeights(values, true);
  } finally {
    tf.dispose(Object.values(values));
  }
  return model;
}

/**
 * Rebuilds the model saved in `dir`: topology, weights, and, if it was compiled, its
 * compile settings and (when saved) its optimizer state.
 */
export async function loadModel(dir: string, config: Partial<LoadModelConfig> = {}): Promise<tf.LayersModel> {
  const c = resolveConfig('loadModel', loadModelDefaults, config);
  const artifacts = await fileSystemHandler(dir).load();
  const jsonPath = join(dir, modelFiles.json);
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: artifacts.modelTopology as tf.serialization.ConfigDict });
  } catch (error) {
    throw new CheckpointError(jsonPath, `its modelTopology does not rebuild a model (${(error as Error).message}); ` +
      'a custom layer or initializer may not be registered: import the module that defines it first');
  }
  const values = matchWeights(model, join(dir, modelFiles.weights), artifacts, 'name');
  try {
    model.loadWeights(values, true);
  } finally {
    tf.dispose(Object.values(values));
  }
  if (artifacts.trainingConfig != null) model.loadTrainingConfig(artifacts.trainingConfig as Parameters<tf.LayersModel['loadTrainingConfig']>[0]);
  if (artifacts.userDefinedMetadata != null) model.setUserDefinedMetadata(artifacts.userDefinedMetadata);
  if (c.optimizer && model.optimizer != null && existsSync(join(dir, optimizerFiles.json))) await loadOptimizer(dir, model.optimizer);
  return model;
}
