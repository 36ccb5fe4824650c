/**
 * The last step of writing a checkpoint set: a folder written whole under a temporary name
 * (`.<name>.<pid>.tmp`) takes its final name. The folder is fsynced first, an existing set of
 * that name is moved aside (`.<name>.<pid>.old`) rather than deleted, so no half-deleted set
 * ever carries the name, and it is put back if the rename fails; the parent is fsynced after,
 * so the rename survives a power loss. `fit`'s, the DQN's and the DCGAN's checkpoints end so.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDirectory } from './atomic-write';

/** Renames `tempDir` (a name ending in `.tmp`) to `finalDir`, replacing a folder there only once the new one is in place. */
export function moveFolderIntoPlace(tempDir: string, finalDir: string): void {
  const oldDir = `${tempDir.replace(/\.tmp$/, '')}.old`;
  fsyncDirectory(tempDir);
  rmSync(oldDir, { recursive: true, force: true });
  if (existsSync(finalDir)) renameSync(finalDir, oldDir);
  try {
    renameSync(tempDir, finalDir);
  } catch (error) {
    if (!existsSync(finalDir) && existsSync(oldDir)) renameSync(oldDir, finalDir);
    throw error;
  }
  fsyncDirectory(dirname(finalDir));
  rmSync(oldDir, { recursive: true, force: true });
}
