/**
 * Ctrl-C and `kill` for a training command whose stream takes a stop signal (issue 13):
 * the first SIGINT or SIGTERM asks the run to stop after its current minibatch, where it
 * writes a checkpoint of the steps since its last one (a second signal exits at once,
 * see core's stopOnSignals); then the command prints that checkpoint and the command
 * that resumes the run.
 */
import { lastValueFrom, tap, type Observable } from 'rxjs';
import { stopOnSignals } from '@deeper/core';

/** How a run ended: stopped by a signal or not, and the newest checkpoint it wrote. */
export interface UntilSignalResult {
  interrupted: boolean;
  lastCheckpoint: string | null;
}

/**
 * Subscribes to `start(stop)` until it completes (or errors), with SIGINT/SIGTERM wired to
 * `stop`; `resumedFrom` is the checkpoint a resumed run started from, the last one until it writes another.
 */
export async function runUntilSignal<E extends { type: string }>(start: (stop: AbortSignal) => Observable<E>, resumedFrom: string | null = null): Promise<UntilSignalResult> {
  const stop = stopOnSignals((signal) => console.error(`\n${signal}: stopping after this minibatch with a checkpoint of the steps since the last one; send it again to exit at once`));
  let lastCheckpoint = resumedFrom;
  try {
    await lastValueFrom(start(stop.signal).pipe(tap((e) => {
      if (e.type === 'checkpoint') lastCheckpoint = (e as { path?: string }).path ?? null;
    })), { defaultValue: null });
  } finally {
    stop.dispose();
  }
  return { interrupted: stop.received() !== null, lastCheckpoint };
}

/** The line a stopped run prints: its last checkpoint and how to continue. */
export function interruptedLine(lastCheckpoint: string | null, resume: string): string {
  return `interrupted; last checkpoint ${lastCheckpoint ?? 'none'}; continue with: ${resume}`;
}
