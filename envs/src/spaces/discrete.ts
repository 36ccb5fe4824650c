/**
 * `Discrete(n, start)`: the integers `start, start + 1, …, start + n - 1` (Gymnasium's
 * `Discrete`). Values are plain numbers.
 */
import type { Dtype, Space } from '../space';
import { Rng, checkSeed, deriveSeed } from '../rng';
import { checkEnvInteger } from '../registry/env-options';

export class Discrete implements Space<number> {
  readonly shape: readonly number[] = [];
  /** Gymnasium stores Discrete values as int64. */
  readonly dtype: Dtype = 'int64';
  readonly n: number;
  readonly start: number;
  private rng = new Rng(0);

  /** `n` ≥ 1 values starting at the integer `start` (default 0, as Gymnasium). */
  constructor(n: number, start = 0) {
    this.n = checkEnvInteger('Discrete', 'n', n, 1);
    this.start = checkEnvInteger('Discrete', 'start', start, Number.MIN_SAFE_INTEGER);
  }

  seed(seed: number): void {
    this.rng.seed(deriveSeed(checkSeed('Discrete.seed', seed), 'space'));
  }

  sample(): number {
    return this.start + this.rng.nextInt(this.n);
  }

  contains(value: unknown): value is number {
    return typeof value === 'number' && Number.isInteger(value) && value >= this.start && value < this.start + this.n;
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
