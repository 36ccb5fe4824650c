/**
 * The contract every space implements (Gymnasium's `Space`): a set of valid values with a
 * shape, a dtype, membership and seeded sampling. Concrete spaces live one per file in
 * `./spaces/`.
 */
export type Dtype = 'float32' | 'float64' | 'int32' | 'uint8' | 'int64';

export interface Space<T> {
  /** Shape of one element (`[]` for a scalar such as a Discrete action). */
  readonly shape: readonly number[];
  /** Element type of the values; for Dict, undefined. */
  readonly dtype: Dtype | undefined;
  /** Reseeds this space's own generator; `sample()` is then deterministic. */
  seed(seed: number): void;
  /** A uniformly random member (see each space for how unbounded parts are drawn). */
  sample(): T;
  /** Whether `value` is a member: right type, shape, dtype and range. */
  contains(value: unknown): value is T;
  /** A short description for messages, e.g. `Discrete(6)` or `Box(0, 1, [10, 10, 4], uint8)`. */
  toString(): string;
}
