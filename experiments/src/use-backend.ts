/**
 * Selects the tensor backend named by the global `--backend` option (or `DEEPER_BACKEND`),
 * for commands that compute with tensors. Commands that do not (env rollouts) never call it.
 */
import type { Command } from 'commander';
import { selectBackend, type BackendReport, type SelectBackendOptions } from '@deeper/core';

/**
 * Backend options for commands that train small networks (DQN's Q-networks): the native
 * addon on one thread unless DEEPER_NATIVE_THREADS says otherwise. On MinAtar's network at
 * batch 32, one thread ran 822–905 frames/s and two 598 with the machine's other jobs paused
 * (`bench dqn`, docs/results/dqn.md): waking a second thread for products of a few million
 * multiply-adds costs more than it saves.
 */
export function smallNetworkBackendOptions(): Partial<SelectBackendOptions> {
  const fromEnv = process.env.DEEPER_NATIVE_THREADS;
  return fromEnv === undefined || fromEnv === '' ? { nativeThreads: 1 } : {};
}

export async function useBackend(command: Command, options: Partial<SelectBackendOptions> = {}): Promise<BackendReport> {
  const { backend } = command.optsWithGlobals<{ backend: string }>();
  return selectBackend(backend, options);
}
