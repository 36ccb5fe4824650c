/**
 * Shared checks for the blocks: they take a rank-4 channels-last symbolic tensor
 * [batch, height, width, channels] and refuse, at wiring time, what would only fail (or
 * silently degrade) later inside tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, ShapeError } from '../errors';

/** Height, width and channels of `input` (height and width may be `null`: unknown). */
export interface SpatialDims {
  height: number | null;
  width: number | null;
  channels: number;
}

/** Reads [height, width, channels] from a rank-4 NHWC input with a known channel count. */
export function spatialDims(who: string, input: tf.SymbolicTensor): SpatialDims {
  const shape = input.shape;
  if (shape.length !== 4 || shape[3] == null) {
    throw new ShapeError(who, 'a rank-4 channels-last input [batch, height, width, channels] with known channels', shape);
  }
  return { height: shape[1], width: shape[2], channels: shape[3] };
}

/** Refuses a kernel larger than the input: most of its taps would only ever see padding. */
export function checkKernelFits(who: string, field: string, kernelSize: number, dims: SpatialDims): void {
  for (const [axis, size] of [['height', dims.height], ['width', dims.width]] as const) {
    if (size != null && kernelSize > size) {
      throw new ConfigError(who, field, `at most the input ${axis} ${size}`, kernelSize,
        'Use a smaller kernel, or feed a larger input (or fewer downsampling stages before this block)');
    }
  }
}

/** The spatial size after a `padding: 'same'` stage with `strides`: ceil(size / strides). */
export function sameOutput(dims: SpatialDims, strides: number, channels: number): SpatialDims {
  const shrink = (s: number | null) => (s == null ? null : Math.ceil(s / strides));
  return { height: shrink(dims.height), width: shrink(dims.width), channels };
}

/** A sublayer's name under the block's `name`, or `undefined` to let tfjs pick a unique one. */
export function sublayerName(blockName: string | null, part: string): string | undefined {
  return blockName == null ? undefined : `${blockName}_${part}`;
}

/** Checks an optional block name: `null` or a non-empty string of letters, digits, `_`, `-`, `.`. */
export function checkBlockName(who: string, name: unknown): string | null {
  if (name === null) return null;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(name)) {
    throw new ConfigError(who, 'name', 'null or a non-empty string of letters, digits, "_", "-" or "."', name);
  }
  return name;
}

/** Checks an optional integer seed. */
export function checkSeed(who: string, seed: unknown): number | null {
  if (seed === null) return null;
  if (typeof seed !== 'number' || !Number.isInteger(seed)) throw new ConfigError(who, 'seed', 'an integer or null', seed);
  return seed;
}

/** A per-sublayer seed derived from the block's seed, so equal-shaped layers differ. */
export function sublayerSeed(seed: number | null, index: number): number | null {
  return seed == null ? null : seed + 7919 * index;
}
