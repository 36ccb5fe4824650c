/**
 * The typed arrays that hold Box and MultiBinary values, one per dtype, and the helpers
 * that map between them.
 */
import type { Dtype } from '../space';
import { EnvOptionError } from '../errors';
import { describeValue } from '../registry/env-options';

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type ArrayDtype = 'float32' | 'float64' | 'int32' | 'uint8';

/** The typed array that holds each dtype. */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  uint8: Uint8Array;
}

export const arrayDtypes: readonly ArrayDtype[] = ['float32', 'float64', 'int32', 'uint8'];

/** Makes a zeroed array of `dtype` with `size` elements. */
export function allocate<D extends ArrayDtype>(dtype: D, size: number): TypedArrayOf[D] {
  switch (dtype) {
    case 'float32': return new Float32Array(size) as TypedArrayOf[D];
    case 'float64': return new Float64Array(size) as TypedArrayOf[D];
    case 'int32': return new Int32Array(size) as TypedArrayOf[D];
    default: return new Uint8Array(size) as TypedArrayOf[D];
  }
}

/** The dtype of a typed array, or undefined for anything else. */
export function dtypeOf(value: unknown): ArrayDtype | undefined {
  if (value instanceof Float32Array) return 'float32';
  if (value instanceof Float64Array) return 'float64';
  if (value instanceof Int32Array) return 'int32';
  if (value instanceof Uint8Array) return 'uint8';
  return undefined;
}

/** Checks that `dtype` is one a typed-array space can hold. */
export function checkArrayDtype(who: string, dtype: Dtype | string | undefined): ArrayDtype {
  if (!arrayDtypes.includes(dtype as ArrayDtype)) {
    throw new EnvOptionError(`${who} expects dtype to be one of ${arrayDtypes.map((d) => JSON.stringify(d)).join(', ')}, but received ${describeValue(dtype)}`);
  }
  return dtype as ArrayDtype;
}

/** Checks a shape (non-negative integer dimensions) and returns its number of elements. */
export function checkShape(who: string, shape: unknown): number {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new EnvOptionError(`${who} expects shape to be an array of positive integers, but received ${describeValue(shape)}`);
  }
  return shape.reduce((a: number, b: number) => a * b, 1);
}

/** Casts a number to what `dtype` stores, so bounds compare as the values will. */
export function castTo(dtype: ArrayDtype, x: number): number {
  if (dtype === 'float32') return Math.fround(x);
  return x;
}
