/**
 * Saving and restoring an optimizer's state (Adam's moments and step count, momentum
 * buffers, …) through `tf.Optimizer#getWeights/setWeights`, so that a training run
 * resumed from a checkpoint takes exactly the steps it would have taken. Files:
 * `optimizer.json` (class, hyperparameters, manifest) + `optimizer.bin`.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { CheckpointError } from '../errors';
import { writeFileAtomic } from './atomic-write';
import { checkDirectory, manifestSpecs, readJsonFile, readWeightFiles } from './checkpoint-files';

/** Manifest-name prefix of the hidden scalar state saved besides `getWeights()`. */
const hiddenPrefix = '__hidden__/';

/**
 * Variables an optimizer keeps outside `getWeights()`. Adam's bias-correction powers
 * β1^t and β2^t are the case in point: training updates them by repeated multiplication,
 * while `setWeights` recomputes them with `pow(β, t + 1)`, which differs in the last bit,
 * so a resumed run drifts by an ulp per step. Saving and restoring them makes the resume exact.
 */
function hiddenVariables(optimizer: tf.Optimizer, listed: Set<tf.Tensor>): [string, tf.Variable][] {
  return Object.entries(optimizer as unknown as Record<string, unknown>)
    .filter((entry): entry is [string, tf.Variable] => entry[1] instanceof tf.Variable && !listed.has(entry[1]));
}

/** File names of an optimizer checkpoint. */
export const optimizerFiles = { json: 'optimizer.json', weights: 'optimizer.bin' } as const;

/** Writes the optimizer's class, config and state to `dir` (created if needed). */
export async function saveOptimizer(optimizer: tf.Optimizer, dir: string): Promise<void> {
  const state = await optimizer.getWeights();
  const hidden = hiddenVariables(optimizer, new Set(state.map((s) => s.tensor)));
  try {
    const { data, specs } = await tf.io.encodeWeights([...state, ...hidden.map(([key, v]) => ({ name: hiddenPrefix + key, tensor: v }))]);
    writeFileAtomic(join(dir, optimizerFiles.weights), new Uint8Array(data));
    writeFileAtomic(join(dir, optimizerFiles.json), JSON.stringify({
      format: 'deeper-optimizer',
      className: optimizer.getClassName(),
      config: optimizer.getConfig(),
      weightsManifest: [{ paths: [optimizerFiles.weights], weights: specs }],
    }));
  } finally {
    // getWeights returns the optimizer's own variables (keep them) and fresh tensors such as the step count (free them).
    for (const { tensor } of state) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  }
}

/**
 * Restores optimizer state from `dir`. Given an `optimizer`, its class must match and the
 * state goes into it; without one, a new optimizer is built from the saved class and
 * hyperparameters.
 */
export async function loadOptimizer(dir: string, optimizer?: tf.Optimizer): Promise<tf.Optimizer> {
  checkDirectory(dir);
  const jsonPath = join(dir, optimizerFiles.json);
  const json = readJsonFile(jsonPath);
  const className = json.className;
  if (typeof className !== 'string') throw new CheckpointError(jsonPath, 'it has no "className" string');
  let target = optimizer;
  if (target === undefined) {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
    if (entry === undefined) throw new CheckpointError(jsonPath, `its optimizer class ${JSON.stringify(className)} is not registered with tf.serialization`);
    const [cls, fromConfig] = entry;
    target = fromConfig(cls, (json.config ?? {}) as tf.serialization.ConfigDict) as unknown as tf.Optimizer;
  } else if (target.getClassName() !== className) {
    throw new CheckpointError(jsonPath, `it holds the state of a ${className} optimizer, but the optimizer to restore is a ${target.getClassName()}`);
  }
  const { paths, specs } = manifestSpecs(jsonPath, json.weightsManifest);
  const data = readWeightFiles(dir, jsonPath, paths, specs);
  const decoded = tf.io.decodeWeights(data, specs);
  const named = specs.filter((s) => !s.name.startsWith(hiddenPrefix)).map((s) => ({ name: s.name, tensor: decoded[s.name] }));
  try {
    await target.setWeights(named);
    const hidden = new Map(hiddenVariables(target, new Set()));
    for (const spec of specs.filter((s) => s.name.startsWith(hiddenPrefix))) {
      const variable = hidden.get(spec.name.slice(hiddenPrefix.length));
      const value = decoded[spec.name];
      if (variable !== undefined && tf.util.arraysEqual(variable.shape, value.shape)) variable.assign(value);
    }
  } finally {
    tf.dispose(Object.values(decoded));
  }
  return target;
}
