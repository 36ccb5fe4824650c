/**
 * What a checkpoint's JSON records of each of its other files (size and SHA-256), and the
 * check on load that names a missing, truncated or changed file: `fit`'s checkpoints record
 * theirs in state.json, DCGAN sets record the averaged generator's in gan-state.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from '../errors';

/** What a checkpoint records of one of its files. */
export interface FileRecord { bytes: number; sha256: string }

/** The record of the file at `path` as it is now. */
export function fileRecord(path: string): FileRecord {
  const bytes = readFileSync(path);
  return { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Checks each file of `files` (names relative to `dir`) against its record: there, of the
 * recorded size, with the recorded SHA-256. `recordPath` is the file that holds the records,
 * named in the error. Throws a CheckpointError naming the file.
 */
export function verifyFileRecords(dir: string, files: Record<string, FileRecord>, recordPath: string): void {
  for (const [name, expected] of Object.entries(files)) {
    const path = join(dir, name);
    if (!existsSync(path)) throw new CheckpointError(path, `the file does not exist, and ${recordPath} records it (${expected.bytes} bytes)`);
    const size = statSync(path).size;
    if (size !== expected.bytes) {
      throw new CheckpointError(path, `it holds ${size} bytes where ${recordPath} records ${expected.bytes}: the file is ${size < expected.bytes ? 'truncated' : 'longer than it was written'}`);
    }
    const actual = fileRecord(path).sha256;
    if (actual !== expected.sha256) {
      throw new CheckpointError(path, `its SHA-256 is ${actual.slice(0, 16)}… where ${recordPath} records ${expected.sha256.slice(0, 16)}…: the file is corrupt (its bytes changed after it was written)`);
    }
  }
}
