/**
 * `Dict({ key: space })`: objects with exactly the given keys, each value a member of its
 * space (Gymnasium's `Dict`). Keys keep the order they were given in.
 */
import type { Space } from '../space';
import { Rng, checkSeed, deriveSeed } from '../rng';
import { EnvOptionError } from '../errors';
import { describeValue } from '../registry/env-options';

type Values<S extends Record<string, Space<unknown>>> = { [K in keyof S]: S[K] extends Space<infer T> ? T : never };

export class Dict<S extends Record<string, Space<unknown>> = Record<string, Space<unknown>>> implements Space<Values<S>> {
  readonly shape: readonly number[] = [];
  readonly dtype = undefined;
  readonly spaces: Readonly<S>;

  constructor(spaces: S) {
    if (spaces === null || typeof spaces !== 'object' || Array.isArray(spaces)) {
      throw new EnvOptionError(`Dict expects an object of spaces, but received ${describeValue(spaces)}`);
    }
    for (const [key, space] of Object.entries(spaces)) {
      if (!isSpace(space)) {
        throw new EnvOptionError(`Dict expects every value to be a Space, but received ${describeValue(space)} for key ${JSON.stringify(key)}`);
      }
    }
    this.spaces = { ...spaces };
  }

  /** Seeds each subspace with its own seed drawn from `seed`, so they draw independent streams. */
  seed(seed: number): void {
    const rng = new Rng(deriveSeed(checkSeed('Dict.seed', seed), 'space'));
    for (const space of Object.values(this.spaces)) space.seed(rng.spawnSeed());
  }

  sample(): Values<S> {
    const out: Record<string, unknown> = {};
    for (const [key, space] of Object.entries(this.spaces)) out[key] = space.sample();
    return out as Values<S>;
  }

  contains(value: unknown): value is Values<S> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    const own = Object.keys(this.spaces);
    if (keys.length !== own.length) return false;
    return own.every((key) => key in value && this.spaces[key].contains((value as Record<string, unknown>)[key]));
  }

  toString(): string {
    return `Dict(${Object.entries(this.spaces).map(([k, s]) => `${k}: ${s.toString()}`).join(', ')})`;
  }
}

/** Whether `value` looks like a Space (has the contract's members). */
export function isSpace(value: unknown): value is Space<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  return Array.isArray(s.shape) && typeof s.sample === 'function' && typeof s.contains === 'function' && typeof s.seed === 'function';
}
