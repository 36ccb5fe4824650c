/**
 * Reading the files of a checkpoint directory (`model.json` + `weights.bin`,
 * `optimizer.json` + `optimizer.bin`) with errors that name the file and the mismatch,
 * instead of tfjs's generic ones.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../errors';

const bytesPerElement: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/** Bytes one manifest entry occupies in the weights file (stored dtype: the quantized one if any). */
export function specByteLength(spec: tf.io.WeightsManifestEntry): number {
  const stored = spec.quantization?.dtype ?? spec.dtype;
  const size = bytesPerElement[stored];
  if (size === undefined) {
    throw new CheckpointError(spec.name, `weight ${JSON.stringify(spec.name)} has dtype ${JSON.stringify(stored)}, which has no fixed size`);
  }
  return spec.shape.reduce((a, b) => a * b, 1) * size;
}

/** Checks that `dir` exists and is a directory. */
export function checkDirectory(dir: string): void {
  if (!existsSync(dir)) throw new CheckpointError(dir, 'the directory does not exist. Check the path, or save a checkpoint there first');
  if (!statSync(dir).isDirectory()) throw new CheckpointError(dir, 'it is a file, not a checkpoint directory');
}

/** Reads and parses a JSON file, refusing a missing file or invalid JSON. */
export function readJsonFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new CheckpointError(path, 'the file does not exist');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CheckpointError(path, `it is not valid JSON (${(error as Error).message}); the file is corrupt or was not written by saveModel`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CheckpointError(path, 'it does not hold a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** The weight entries of a manifest, checked for shape. */
export function manifestSpecs(jsonPath: string, manifest: unknown): { paths: string[]; specs: tf.io.WeightsManifestEntry[] } {
  if (!Array.isArray(manifest)) throw new CheckpointError(jsonPath, 'it has no "weightsManifest" array');
  const paths: string[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  for (const group of manifest as tf.io.WeightsManifestConfig) {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new CheckpointError(jsonPath, 'a "weightsManifest" entry lacks its "paths" or "weights" array');
    }
    paths.push(...group.paths);
    for (const spec of group.weights) {
      if (typeof spec?.name !== 'string' || !Array.isArray(spec.shape) || typeof spec.dtype !== 'string') {
        throw new CheckpointError(jsonPath, `the manifest entry ${JSON.stringify(spec)} lacks a name, shape or dtype`);
      }
      specs.push(spec);
    }
  }
  return { paths, specs };
}

/**
 * Reads the weight files a manifest lists (relative to `dir`), concatenated, and checks
 * that their total size is what the manifest describes.
 */
export function readWeightFiles(dir: string, jsonPath: string, paths: string[], specs: tf.io.WeightsManifestEntry[]): ArrayBuffer {
  const buffers = paths.map((p) => {
    const path = join(dir, p);
    if (!existsSync(path)) throw new CheckpointError(path, `the weights file that ${jsonPath} lists does not exist`);
    return readFileSync(path);
  });
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const expected = specs.reduce((s, spec) => s + specByteLength(spec), 0);
  if (total !== expected) {
    const where = paths.map((p) => join(dir, p)).join(' + ');
    throw new CheckpointError(where,
      `it holds ${total} bytes while the manifest in ${jsonPath} describes ${expected} bytes (${specs.length} weights): ` +
      `the file is ${total < expected ? 'truncated' : 'longer than its manifest'}; it belongs to another model or was damaged`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}
