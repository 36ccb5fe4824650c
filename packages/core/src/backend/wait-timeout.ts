/**
 * How long a blocking wait of the backend may last before the run stops with an error
 * (issue 13: a wait that is never answered must not hang a run silently).
 *
 * Default 120 s, from `DEEPER_WAIT_TIMEOUT_S` when set: the longest kernel of the textbook
 * CNN's training step takes well under a second here, and a machine under heavy competing
 * load slows it by tens, not hundreds; 120 s never fires on a slow step but still ends a
 * hung run within two minutes.
 */
import { ConfigError } from '../errors';

const defaultSeconds = 120;
let overrideSeconds: number | undefined;

/** The limit in seconds now in force. */
export function waitTimeoutSeconds(): number {
  if (overrideSeconds !== undefined) return overrideSeconds;
  const text = process.env.DEEPER_WAIT_TIMEOUT_S;
  if (text === undefined || text === '') return defaultSeconds;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError('the wasm backend', 'DEEPER_WAIT_TIMEOUT_S', 'a positive number of seconds', text);
  return value;
}

/** Sets the limit for this process (tests use a short one); `undefined` restores the default. */
export function setWaitTimeoutSeconds(seconds: number | undefined): void {
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) throw new ConfigError('setWaitTimeoutSeconds', 'seconds', 'a positive number', seconds);
  overrideSeconds = seconds;
}
