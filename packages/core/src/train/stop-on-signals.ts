/**
 * Ctrl-C and `kill` for long runs: the first SIGINT or SIGTERM asks the run to stop
 * gracefully (an AbortSignal for `fit`'s `stop`, which then writes a checkpoint when one is
 * due and completes); a second one, for a run that does not stop in time, exits at once
 * with the signal's conventional code (130 for SIGINT, 143 for SIGTERM). The checkpoints
 * already written make even that resumable.
 */

export interface SignalStop {
  /** Aborted on the first SIGINT or SIGTERM. */
  signal: AbortSignal;
  /** The signal received, once one was. */
  received(): NodeJS.Signals | null;
  /** Removes the handlers; call when the run has ended. */
  dispose(): void;
}

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Installs the handlers; `onFirst` runs on the first signal (e.g. to print "stopping…"). */
export function stopOnSignals(onFirst?: (signal: NodeJS.Signals) => void, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): SignalStop {
  const controller = new AbortController();
  let first: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => {
    if (first !== null) process.exit(exitCodes[signal] ?? 1);
    first = signal;
    onFirst?.(signal);
    controller.abort(signal);
  };
  for (const s of signals) process.on(s, handler);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => {
      for (const s of signals) process.off(s, handler);
    },
  };
}
