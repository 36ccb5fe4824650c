/**
 * Keeps a user's uncaught errors readable after the wasm backend loads (issue 13).
 *
 * The Emscripten module of tfjs-backend-wasm adds its own `uncaughtException` and
 * `unhandledRejection` listeners to the process when it initialises, and both rethrow
 * inside the handler. Node then reports the handler's own failure: the message comes with
 * the listener's source, one line of minified Emscripten of 39–57 kB, and the process exits
 * with code 7 ("internal exception handler run-time failure") instead of 1. tfjs removes
 * them only when the module is disposed. They serve Emscripten's `exit()`, which the
 * backend never calls, so `withoutWasmProcessHandlers` removes the listeners that `init`
 * added and leaves every listener that was there before, and any added later, alone.
 */

const events = ['uncaughtException', 'unhandledRejection'] as const;

type Listener = (...args: unknown[]) => void;

/** The listeners of `event` (the union of the two event names matches none of `process.listeners`' overloads). */
const listenersOf = (event: (typeof events)[number]): Listener[] => process.listeners(event as 'uncaughtException') as Listener[];

/** Runs `init` and then removes the process error listeners it added. */
export async function withoutWasmProcessHandlers<T>(init: () => Promise<T>): Promise<T> {
  const before = new Map(events.map((event) => [event, new Set(listenersOf(event))]));
  try {
    return await init();
  } finally {
    for (const event of events) {
      const existing = before.get(event)!;
      for (const listener of listenersOf(event)) {
        if (!existing.has(listener)) process.removeListener(event, listener);
      }
    }
  }
}
