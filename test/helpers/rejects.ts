import * as assert from 'uvu/assert';

/** Resolves when `promise` rejects with a message matching `pattern`; fails the test otherwise. */
export async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a rejection matching ${pattern}`);
}
