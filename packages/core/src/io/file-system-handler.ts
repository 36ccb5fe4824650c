/**
 * A `tf.io.IOHandler` that reads and writes a model directory with plain `node:fs`
 * (tfjs's `file://` handler ships only with tfjs-node): `model.json` (topology + weight
 * manifest, the tfjs layers format) and `weights.bin` (one shard). Writes are atomic
 * (see atomic-write.ts), the weights first, so a `model.json` on disk always describes a
 * complete `weights.bin`.
 *
 * With `weightsDtype: 'float16'` float32 weights are stored as IEEE half floats under
 * tfjs's own manifest convention (`dtype: 'float32', quantization: { dtype: 'float16' }`),
 * which `tf.io.decodeWeights` and `tf.loadLayersModel` dequantize on load.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { checkOneOf, resolveConfig } from '../config';
import { CheckpointError } from '../errors';
import { float32ToFloat16 } from '../fp16/half-float';
import { writeFileAtomic } from './atomic-write';
import { checkDirectory, manifestSpecs, readJsonFile, readWeightFiles, specByteLength } from './checkpoint-files';

export interface FileSystemHandlerConfig {
  /** How float32 weights are stored: `float32` (exact) or `float16` (half the bytes). Default `float32`. */
  weightsDtype: 'float32' | 'float16';
}

export const fileSystemHandlerDefaults: FileSystemHandlerConfig = { weightsDtype: 'float32' };

export function resolveFileSystemHandlerConfig(partial: Partial<FileSystemHandlerConfig> = {}): FileSystemHandlerConfig {
  const c = resolveConfig('fileSystemHandler', fileSystemHandlerDefaults, partial);
  checkOneOf('fileSystemHandler', 'weightsDtype', c.weightsDtype, ['float32', 'float16'] as const);
  return c;
}

/** File names inside a model directory. */
export const modelFiles = { json: 'model.json', weights: 'weights.bin' } as const;

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/** Re-encodes float32 entries as float16; other dtypes and already-quantized entries pass through. */
function toFloat16(bytes: Uint8Array, specs: tf.io.WeightsManifestEntry[]): { bytes: Uint8Array; specs: tf.io.WeightsManifestEntry[] } {
  const parts: Uint8Array[] = [];
  const outSpecs: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const spec of specs) {
    const length = specByteLength(spec);
    const slice = bytes.slice(offset, offset + length);
    offset += length;
    if (spec.dtype === 'float32' && spec.quantization === undefined) {
      const halves = float32ToFloat16(new Float32Array(slice.buffer, 0, length / 4));
      parts.push(new Uint8Array(halves.buffer));
      outSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      parts.push(slice);
      outSpecs.push(spec);
    }
  }
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return { bytes: out, specs: outSpecs };
}

/** An IOHandler whose `save` and `load` are both present. */
export type FileSystemIOHandler = tf.io.IOHandler & { save: tf.io.SaveHandler; load: tf.io.LoadHandler };

/** An IOHandler for `model.save(handler)` and `tf.loadLayersModel(handler)` on directory `dir`. */
export function fileSystemHandler(dir: string, config: Partial<FileSystemHandlerConfig> = {}): FileSystemIOHandler {
  const c = resolveFileSystemHandlerConfig(config);
  const jsonPath = join(dir, modelFiles.json);
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new CheckpointError(jsonPath, 'fileSystemHandler saves tfjs layers models (JSON topology), and received a binary graph topology');
      }
      let specs = artifacts.weightSpecs ?? [];
      let bytes = joinWeightData(artifacts.weightData);
      if (c.weightsDtype === 'float16') ({ bytes, specs } = toFloat16(bytes, specs));
      const modelJson: Record<string, unknown> = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [modelFiles.weights], weights: specs }],
      };
      if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      const json = JSON.stringify(modelJson);
      writeFileAtomic(join(dir, modelFiles.weights), bytes);
      writeFileAtomic(jsonPath, json);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: Buffer.byteLength(JSON.stringify(artifacts.modelTopology ?? null)),
          weightSpecsBytes: Buffer.byteLength(JSON.stringify(specs)),
          weightDataBytes: bytes.byteLength,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      checkDirectory(dir);
      const json = readJsonFile(jsonPath);
      if (json.modelTopology == null || typeof json.modelTopology !== 'object') {
        throw new CheckpointError(jsonPath, 'it has no "modelTopology" object; it is not a tfjs layers model.json');
      }
      const { paths, specs } = manifestSpecs(jsonPath, json.weightsManifest);
      const weightData = readWeightFiles(dir, jsonPath, paths, specs);
      const artifacts: tf.io.ModelArtifacts = {
        modelTopology: json.modelTopology as object,
        weightSpecs: specs,
        weightData,
        format: json.format as string | undefined,
        generatedBy: json.generatedBy as string | undefined,
        convertedBy: json.convertedBy as string | null | undefined,
      };
      if (json.trainingConfig != null) artifacts.trainingConfig = json.trainingConfig as tf.io.TrainingConfig;
      if (json.userDefinedMetadata != null) artifacts.userDefinedMetadata = json.userDefinedMetadata as { [key: string]: {} };
      return artifacts;
    },
  };
}
