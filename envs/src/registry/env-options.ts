/**
 * Option handling shared by spaces, envs, wrappers and the registry: the envs package's own
 * counterpart of @deeper/core's `resolveConfig` and checks (envs must not depend on core).
 * Every failure is an `EnvOptionError` saying who expected what and what it received.
 */
import { EnvOptionError } from '../errors';

/** Renders a received value for a message: strings quoted, arrays and objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<number>).slice(0, 8);
    return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length}) [${items.join(', ')}${(value as unknown as ArrayLike<number>).length > 8 ? ', …' : ''}]`;
  }
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Merges `partial` over `defaults`, refusing keys that `defaults` does not have. */
export function resolveEnvOptions<T extends object>(who: string, defaults: T, partial: Partial<T> | Record<string, unknown> = {}): T {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new EnvOptionError(`${who} expects its options to be an object, but received ${describeValue(partial)}`);
  }
  const known = Object.keys(defaults);
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) {
      throw new EnvOptionError(
        `${who} expects options among ${known.length ? known.map((k) => JSON.stringify(k)).join(', ') : '(none)'}, but received unknown option ${JSON.stringify(key)}; remove it or check its spelling`,
      );
    }
  }
  const merged = { ...defaults } as T;
  for (const [key, value] of Object.entries(partial)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** Checks that `value` is an integer in [min, max]. */
export function checkEnvInteger(who: string, field: string, value: unknown, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? (min === 1 ? 'a positive integer' : `an integer ≥ ${min}`) : `an integer in [${min}, ${max}]`;
    throw new EnvOptionError(`${who} expects ${field} to be ${range}, but received ${describeValue(value)}`);
  }
  return value;
}

/** Checks that `value` is a finite number in [min, max]. */
export function checkEnvNumber(who: string, field: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const lo = min === -Infinity ? '' : `≥ ${min}`;
    const hi = max === Infinity ? '' : `≤ ${max}`;
    const range = [lo, hi].filter(Boolean).join(' and ');
    throw new EnvOptionError(`${who} expects ${field} to be a finite number${range ? ` ${range}` : ''}, but received ${describeValue(value)}`);
  }
  return value;
}

/** Checks that `value` is a boolean. */
export function checkEnvBoolean(who: string, field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new EnvOptionError(`${who} expects ${field} to be true or false, but received ${describeValue(value)}`);
  }
  return value;
}
