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
import { secondsFromEnv } from './seconds-from-env';

const defaultSeconds = 120;
let overrideSeconds: number | undefined;

/** The limit in seconds now in force. */
export function waitTimeoutSeconds(): number {
  return overrideSeconds ?? secondsFromEnv('DEEPER_WAIT_TIMEOUT_S', defaultSeconds);
}

/** Sets the limit for this process (tests use a short one); `undefined` restores the default. */
export function setWaitTimeoutSeconds(seconds: number | undefined): void {
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0)) throw new ConfigError('setWaitTimeoutSeconds', 'seconds', 'a positive number', seconds);
  overrideSeconds = seconds;
}
