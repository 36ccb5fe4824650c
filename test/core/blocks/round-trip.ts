/**
 * Test helper for the block tests (not a test file): gives a model's weights random
 * values (batch-norm statistics included, so that inference is not the identity
 * normalization), saves it with saveModel, loads it with loadModel, and returns both
 * predictions for an exact comparison (`assertRoundTripExact` does all of it).
 */
import * as tf from '@tensorflow/tfjs';
import * as assert from 'uvu/assert';
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

/**
 * Randomizes `model`'s weights (seed `weightSeed`), saves and loads it, and asserts that
 * both predict exactly the same for a normal input of `inputShape` (seed `inputSeed`);
 * disposes everything, `model` included.
 */
export async function assertRoundTripExact(model: tf.LayersModel, weightSeed: number, inputShape: number[], inputSeed: number, message?: string): Promise<void> {
  randomizeWeights(model, weightSeed);
  const x = tf.randomNormal(inputShape, 0, 1, 'float32', inputSeed);
  const { before, after, loaded } = await roundTrip(model, x);
  assert.equal(Array.from(after), Array.from(before), message);
  tf.dispose(x);
  loaded.dispose();
  model.dispose();
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
