/**
 * Test helper for the block tests (not a test file): gives a model's weights random
 * values (batch-norm statistics included, so that inference is not the identity
 * normalization), saves it with saveModel, loads it with loadModel, and returns both
 * predictions for an exact comparison.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, saveModel } from '../../../packages/core/src/io/save-model';

export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) => w.originalName.endsWith('moving_variance')
    ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', seed + i)
    : tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', seed + i));
  model.setWeights(values);
  tf.dispose(values);
}

export async function roundTrip(model: tf.LayersModel, x: tf.Tensor): Promise<{ before: Float32Array; after: Float32Array; loaded: tf.LayersModel }> {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-blocks-'));
  try {
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    const before = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    const after = tf.tidy(() => (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array);
    return { before, after, loaded };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function modelOf(inputShape: number[], wire: (x: tf.SymbolicTensor) => tf.SymbolicTensor): tf.LayersModel {
  const input = tf.input({ shape: inputShape });
  return tf.model({ inputs: input, outputs: wire(input) });
}

export function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}
