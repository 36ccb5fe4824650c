/**
 * The one way configs are resolved (STYLE.md, convention 3): `resolveConfig` merges a
 * partial over the component's `xxxDefaults`, refuses unknown fields, and each component
 * then validates its fields with the checks below, once, at the edge.
 */
import { ConfigError, UnknownFieldError } from './errors';

/** Merges `partial` over `defaults`, refusing fields that `defaults` does not have. */
export function resolveConfig<T extends object>(who: string, defaults: T, partial: Partial<T> = {}): T {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new ConfigError(who, 'its config', 'an object', partial);
  }
  const known = Object.keys(defaults);
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) throw new UnknownFieldError(who, key, known);
  }
  const merged = { ...defaults } as T;
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** Checks that `value` is an integer ≥ `min` (default 1). */
export function checkInteger(who: string, field: string, value: unknown, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? (min === 1 ? 'a positive integer' : `an integer ≥ ${min}`) : `an integer in [${min}, ${max}]`;
    throw new ConfigError(who, field, range, value);
  }
  return value;
}

/** Checks that `value` is a finite number in [min, max] (or (min, max) when `open`). */
export function checkNumber(who: string, field: string, value: unknown, min = -Infinity, max = Infinity, open = false): number {
  const inRange = typeof value === 'number' && Number.isFinite(value) &&
    (open ? value > min && value < max : value >= min && value <= max);
  if (!inRange) {
    const lo = min === -Infinity ? '' : `${open ? '>' : '≥'} ${min}`;
    const hi = max === Infinity ? '' : `${open ? '<' : '≤'} ${max}`;
    const range = [lo, hi].filter(Boolean).join(' and ');
    throw new ConfigError(who, field, `a finite number${range ? ` ${range}` : ''}`, value);
  }
  return value as number;
}

/** Checks that `value` is one of `choices`. */
export function checkOneOf<C extends string>(who: string, field: string, value: unknown, choices: readonly C[]): C {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ConfigError(who, field, `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`, value);
  }
  return value as C;
}
