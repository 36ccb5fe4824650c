/**
 * How the test command (../run.ts) counts one test file's results from what it printed.
 *
 * uvu prints `Total`, `Passed` and `Skipped` at the end of a file. Its `Total` counts the
 * tests that ran, so skipped tests are not in it, and a failure is a test that ran and did
 * not pass: failed = Total − Passed, exactly uvu's own count (it prints no "Failed" line).
 * A file counts one failure more when something went wrong around its tests: it printed no
 * summary (it crashed, or forgot `.run()`), ran no test, exited non-zero after its tests
 * passed (an error after the summary), or was stopped for running too long.
 */

export interface FileResult {
  passed: number;
  failed: number;
  skipped: number;
  /** What went wrong around the tests themselves, if anything. */
  problem?: string;
}

/** The last value printed on a `<label>: <n>` line of uvu's summary, or undefined. */
function summaryValue(output: string, label: string): number | undefined {
  const all = [...output.matchAll(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'gm'))];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
}

/**
 * Counts a file's results from its output, its exit code (null when killed) and the
 * signal that killed it; `timedOutAfter` is the limit in seconds when the runner stopped it.
 */
export function fileResult(output: string, code: number | null, signal: NodeJS.Signals | null = null, timedOutAfter?: number): FileResult {
  const total = summaryValue(output, 'Total');
  const passed = summaryValue(output, 'Passed') ?? 0;
  const skipped = summaryValue(output, 'Skipped') ?? 0;
  const failed = total === undefined ? 0 : Math.max(0, total - passed);
  const exit = code ?? signal;
  let problem: string | undefined;
  if (timedOutAfter !== undefined) problem = `was stopped after ${timedOutAfter} s (a hang?)`;
  // Node's exit code 13 comes without a word of its own.
  else if (total === undefined && code === 13) problem = "printed no uvu summary (exit 13: Node's unsettled top-level await, a promise that never settled with nothing left to keep the event loop alive)";
  else if (total === undefined) problem = `printed no uvu summary (exit ${exit}): did it forget .run() or crash?`;
  else if (total === 0) problem = 'ran no test';
  else if (code !== 0 && failed === 0) problem = `exited with ${exit} after its tests passed (an error after uvu's summary?)`;
  return { passed, failed: failed + (problem ? 1 : 0), skipped, ...(problem ? { problem } : {}) };
}

/** The closing line of the test command. */
export function closingLine(passed: number, failed: number, skipped: number): string {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}
