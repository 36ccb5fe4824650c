/**
 * Selects the tensor backend named by the global `--backend` option (or `DEEPER_BACKEND`),
 * for commands that compute with tensors. Commands that do not (env rollouts) never call it.
 */
import type { Command } from 'commander';
import { selectBackend, type BackendReport } from '@deeper/core';

export async function useBackend(command: Command): Promise<BackendReport> {
  const { backend } = command.optsWithGlobals<{ backend: string }>();
  return selectBackend(backend);
}
