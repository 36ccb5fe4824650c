/**
 * A time limit in seconds read from an environment variable, for the backend's settings
 * (`DEEPER_WAIT_TIMEOUT_S`, `DEEPER_WASM_START_TIMEOUT_S`): unset or empty gives the
 * default; anything but a positive finite number is refused by name.
 */
import { ConfigError } from '../errors';

export function secondsFromEnv(name: string, defaultSeconds: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return defaultSeconds;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError('the wasm backend', name, 'a positive number of seconds', text);
  return value;
}
