/**
 * `Box`: an n-dimensional array of numbers, each in its own closed interval
 * `[low[i], high[i]]` (Gymnasium's `Box`). Values are typed arrays of the dtype
 * (`Float32Array`, `Float64Array`, `Int32Array`, `Uint8Array`) holding `prod(shape)`
 * elements in row-major order.
 *
 * `sample()` draws each element as Gymnasium does: uniform on a bounded interval, a standard
 * normal when unbounded on both sides, `low + Exponential(1)` or `high − Exponential(1)`
 * when bounded on one side; integer dtypes draw uniformly from `{low, …, high}`.
 */
import type { Space } from '../space';
import { Rng, checkSeed, deriveSeed } from '../rng';
import { EnvOptionError } from '../errors';
import { describeValue } from '../registry/env-options';
import { allocate, castTo, checkArrayDtype, checkShape, dtypeOf, type ArrayDtype, type TypedArray, type TypedArrayOf } from './typed-array';

export interface BoxConfig<D extends ArrayDtype = ArrayDtype> {
  /** Lower bound: one number for every element or one per element; may be -Infinity for float dtypes. */
  low: number | ArrayLike<number>;
  /** Upper bound: one number for every element or one per element; may be Infinity for float dtypes. */
  high: number | ArrayLike<number>;
  /** Shape of a value; default: `[low.length]` when low or high is an array, else required. */
  shape?: readonly number[];
  /** Element type; default `float32`, as Gymnasium. */
  dtype?: D;
}

export class Box<D extends ArrayDtype = ArrayDtype> implements Space<TypedArrayOf[D]> {
  readonly shape: readonly number[];
  readonly dtype: D;
  /** Number of elements of a value. */
  readonly size: number;
  readonly low: Float64Array;
  readonly high: Float64Array;
  private rng = new Rng(0);

  constructor(config: BoxConfig<D>) {
    if (config === null || typeof config !== 'object') {
      throw new EnvOptionError(`Box expects a config { low, high, shape?, dtype? }, but received ${describeValue(config)}`);
    }
    for (const key of Object.keys(config)) {
      if (!['low', 'high', 'shape', 'dtype'].includes(key)) {
        throw new EnvOptionError(`Box expects options among "low", "high", "shape", "dtype", but received unknown option ${JSON.stringify(key)}`);
      }
    }
    this.dtype = checkArrayDtype('Box', config.dtype ?? 'float32') as D;
    const arrayBound = typeof config.low === 'object' ? config.low : typeof config.high === 'object' ? config.high : undefined;
    const shape = config.shape ?? (arrayBound ? [arrayBound.length] : undefined);
    if (shape === undefined) {
      throw new EnvOptionError('Box expects a shape when low and high are both numbers, but received none; pass shape: [n, …]');
    }
    this.size = checkShape('Box', shape);
    this.shape = [...shape];
    this.low = this.bound('low', config.low);
    this.high = this.bound('high', config.high);
    const isInt = this.dtype !== 'float32' && this.dtype !== 'float64';
    for (let i = 0; i < this.size; i++) {
      if (!(this.low[i] <= this.high[i])) {
        throw new EnvOptionError(`Box expects low ≤ high everywhere, but received low ${this.low[i]} > high ${this.high[i]} at index ${i}`);
      }
      if (isInt && (!Number.isFinite(this.low[i]) || !Number.isFinite(this.high[i]))) {
        throw new EnvOptionError(`Box expects finite bounds for dtype ${this.dtype}, but received [${this.low[i]}, ${this.high[i]}] at index ${i}`);
      }
    }
  }

  private bound(name: 'low' | 'high', value: number | ArrayLike<number>): Float64Array {
    const out = new Float64Array(this.size);
    if (typeof value === 'number') {
      if (Number.isNaN(value)) throw new EnvOptionError(`Box expects ${name} to be a number, but received NaN`);
      out.fill(castTo(this.dtype, value));
      return out;
    }
    if (value === null || typeof value !== 'object' || typeof value.length !== 'number') {
      throw new EnvOptionError(`Box expects ${name} to be a number or an array of numbers, but received ${describeValue(value)}`);
    }
    if (value.length !== this.size) {
      throw new EnvOptionError(`Box expects ${name} to have ${this.size} elements (shape [${this.shape.join(', ')}]), but received ${value.length}`);
    }
    for (let i = 0; i < this.size; i++) {
      const v = value[i];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        throw new EnvOptionError(`Box expects ${name}[${i}] to be a number, but received ${describeValue(v)}`);
      }
      out[i] = castTo(this.dtype, v);
    }
    return out;
  }

  /** Whether every element is bounded on both sides. */
  isBounded(): boolean {
    for (let i = 0; i < this.size; i++) if (!Number.isFinite(this.low[i]) || !Number.isFinite(this.high[i])) return false;
    return true;
  }

  seed(seed: number): void {
    this.rng.seed(deriveSeed(checkSeed('Box.seed', seed), 'space'));
  }

  sample(): TypedArrayOf[D] {
    const out = allocate(this.dtype, this.size);
    const isInt = this.dtype === 'int32' || this.dtype === 'uint8';
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i], hi = this.high[i];
      if (isInt) {
        out[i] = lo + Math.floor(this.rng.nextFloat() * (hi - lo + 1));
      } else if (Number.isFinite(lo) && Number.isFinite(hi)) {
        out[i] = this.rng.uniform(lo, hi);
      } else if (Number.isFinite(lo)) {
        out[i] = lo + this.exponential();
      } else if (Number.isFinite(hi)) {
        out[i] = hi - this.exponential();
      } else {
        out[i] = this.rng.normal();
      }
      // float32 rounding of a draw near a bound could step outside it.
      if (out[i] < lo) out[i] = lo;
      if (out[i] > hi) out[i] = hi;
    }
    return out;
  }

  private exponential(): number {
    return -Math.log(1 - this.rng.nextFloat());
  }

  contains(value: unknown): value is TypedArrayOf[D] {
    if (dtypeOf(value) !== this.dtype) return false;
    const array = value as TypedArray;
    if (array.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = array[i];
      if (!(v >= this.low[i] && v <= this.high[i])) return false;
    }
    return true;
  }

  /** Why `value` is not a member, or undefined when it is; for error messages. */
  explain(value: unknown): string | undefined {
    const dtype = dtypeOf(value);
    if (dtype === undefined) return `expected a ${this.dtype} typed array, got ${describeValue(value)}`;
    if (dtype !== this.dtype) return `expected dtype ${this.dtype}, got ${dtype}`;
    const array = value as TypedArray;
    if (array.length !== this.size) return `expected ${this.size} elements, got ${array.length}`;
    for (let i = 0; i < this.size; i++) {
      if (!(array[i] >= this.low[i] && array[i] <= this.high[i])) return `element ${i} is ${array[i]}, outside [${this.low[i]}, ${this.high[i]}]`;
    }
    return undefined;
  }

  toString(): string {
    const summarize = (b: Float64Array): string => {
      const first = b[0];
      return b.every((x) => x === first) ? String(first) : `[${Array.from(b).map((x) => Number(x.toPrecision(6))).join(', ')}]`;
    };
    return `Box(${summarize(this.low)}, ${summarize(this.high)}, [${this.shape.join(', ')}], ${this.dtype})`;
  }
}

/**
 * `space` as a Box, for what only works on Box observations (frame stacking, normalizing,
 * batching); otherwise an error: "`who` expects `holder` with a Box observation space, but
 * received …".
 */
export function requireBox(space: Space<unknown>, who: string, holder: string): Box {
  if (!(space instanceof Box)) throw new EnvOptionError(`${who} expects ${holder} with a Box observation space, but received ${String(space)}`);
  return space;
}
