/** Placeholder replaced below. */
export function enableWasmThreads(on: boolean): void {
  void on;
}
