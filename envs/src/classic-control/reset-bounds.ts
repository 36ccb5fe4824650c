/**
 * The `reset({ options: { low, high } })` option the classic-control envs share, as in
 * Gymnasium's `utils.maybe_parse_reset_bounds`: the interval the starting state is drawn from.
 */
import { EnvOptionError } from '../errors';
import { checkEnvNumber, resolveEnvOptions } from '../registry/env-options';

export function resetBounds(who: string, options: Record<string, unknown> | undefined, low: number, high: number): { low: number; high: number } {
  const resolved = resolveEnvOptions(`${who} options`, { low, high }, options ?? {});
  const lo = checkEnvNumber(who, 'options.low', resolved.low);
  const hi = checkEnvNumber(who, 'options.high', resolved.high);
  if (lo > hi) throw new EnvOptionError(`${who} expects options.low ≤ options.high, but received low ${lo} > high ${hi}`);
  return { low: lo, high: hi };
}
