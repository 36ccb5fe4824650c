/**
 * Crash-safe file writes: the bytes go to a temporary file in the same directory, are
 * fsynced, and only then renamed over the real name. rename(2) within one file system is
 * atomic, so a reader (or a crash at any instant) sees either the old file or the whole
 * new one, never a prefix. The directory is fsynced afterwards so the rename itself
 * survives a power loss.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Bytes to write: one buffer, a string (UTF-8), or chunks written in order. */
export type FileContents = string | Uint8Array | Iterable<Uint8Array>;

let counter = 0;

function* chunksOf(contents: FileContents): Iterable<Uint8Array> {
  if (typeof contents === 'string') yield Buffer.from(contents, 'utf8');
  else if (contents instanceof Uint8Array) yield contents;
  else yield* contents;
}

/** fsync of a folder, so that the renames into it survive a power loss. */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) and file systems refuse to fsync a directory; the rename
    // is still atomic there, only its durability across power loss is weaker.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes `contents` to `path` atomically, creating the directory if needed. If anything
 * throws part-way (including the `contents` iterable), the temporary file is removed and
 * `path` is left as it was.
 */
export function writeFileAtomic(path: string, contents: FileContents): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  const fd = openSync(temp, 'wx');
  let closed = false;
  try {
    for (const chunk of chunksOf(contents)) {
      let offset = 0;
      while (offset < chunk.byteLength) offset += writeSync(fd, chunk, offset, chunk.byteLength - offset);
    }
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temp, path);
  } catch (error) {
    if (!closed) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dir);
}
