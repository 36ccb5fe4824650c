/**
 * Checkpoint writers work in folders named after their process (`.step-<n>.<pid>.tmp`); a
 * writer killed mid-save leaves its folder behind. The next save removes those whose process
 * is gone, and keeps a live writer's.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Whether process `pid` runs (this one, or one that exists but is not ours to signal). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the entries of `dir` that `pattern` matches (its first group the writer's pid) and whose writer is gone. */
export function removeAbandonedWorkFolders(dir: string, pattern: RegExp): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const match = pattern.exec(name);
    if (match !== null && !processAlive(Number(match[1]))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}
