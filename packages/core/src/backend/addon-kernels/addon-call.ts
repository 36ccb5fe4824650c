/**
 * Calling into the addon: which addon and path the kernels use, whether they are on, and
 * turning the addon's time-out into deeper's `ThreadWaitTimeoutError`.
 */
import { ThreadWaitTimeoutError } from '../../errors';
import type { DeeperAddon } from './load-addon';

/**
 * The loaded addon and whether its kernels run (they delegate to the wasm kernels when
 * off); `off` names single kernels turned off while the rest run (for measuring each).
 */
export const addonState: { addon: DeeperAddon | undefined; enabled: boolean; off: ReadonlySet<string> } = { addon: undefined, enabled: false, off: new Set() };

/** The addon when kernel `kernelName`'s native version is on, else undefined (the caller then runs the wasm kernel). */
export function activeAddon(kernelName: string): DeeperAddon | undefined {
  return addonState.enabled && !addonState.off.has(kernelName) ? addonState.addon : undefined;
}

/**
 * Runs `call`; an addon time-out ("kernel K waited S s … thread 1 never took the job; …")
 * becomes a `ThreadWaitTimeoutError` naming the kernel and each thread's state.
 */
export function callAddon(call: () => void): void {
  try {
    call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const timeout = /kernel (\S+) waited ([\d.]+) s[^:]*: (.*)$/.exec(message);
    if (timeout) {
      const threads = timeout[3].split(';').map((s) => s.trim()).filter((s) => s.startsWith('thread'));
      throw new ThreadWaitTimeoutError(`${timeout[1]} (deeper's native addon)`, Number(timeout[2]), threads);
    }
    throw error;
  }
}

/** Activation names the fused kernels take, as the addon's codes; undefined: not supported natively. */
export function activationCode(name: unknown): number | undefined {
  if (name === undefined || name === null || name === 'linear') return 0;
  if (name === 'relu') return 1;
  if (name === 'relu6') return 2;
  if (name === 'leakyrelu') return 3;
  return undefined;
}
