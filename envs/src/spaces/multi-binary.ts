/**
 * `MultiBinary(n | shape)`: arrays of 0s and 1s (Gymnasium's `MultiBinary`). Values are
 * `Uint8Array`s of `prod(shape)` elements, row-major.
 */
import type { Space } from '../space';
import { Rng, checkSeed, deriveSeed } from '../rng';
import { checkShape } from './typed-array';

export class MultiBinary implements Space<Uint8Array> {
  readonly shape: readonly number[];
  readonly dtype = 'uint8' as const;
  readonly size: number;
  private rng = new Rng(0);

  /** `n` bits, or an array of the given shape. */
  constructor(n: number | readonly number[]) {
    const shape = typeof n === 'number' ? [n] : n;
    this.size = checkShape('MultiBinary', Array.isArray(shape) ? shape : [shape]);
    this.shape = [...shape];
  }

  seed(seed: number): void {
    this.rng.seed(deriveSeed(checkSeed('MultiBinary.seed', seed), 'space'));
  }

  sample(): Uint8Array {
    const out = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.rng.nextUint32() & 1;
    return out;
  }

  contains(value: unknown): value is Uint8Array {
    if (!(value instanceof Uint8Array) || value.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) if (value[i] > 1) return false;
    return true;
  }

  toString(): string {
    return `MultiBinary(${this.shape.length === 1 ? this.shape[0] : `[${this.shape.join(', ')}]`})`;
  }
}
