/** Reads an IDX file from disk, gzip-compressed (`.gz`, as distributed) or not. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './dataset-error';
import { readIdx, type IdxArray } from './read-idx';

export function readIdxFile(path: string): IdxArray {
  let bytes: Uint8Array = readFileSync(path);
  // Decide by content, not by name: gzip streams start with 1f 8b.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new DatasetError('readIdxFile', `a complete gzip stream in ${path}`, `one that fails to decompress (${(error as Error).message})`, 'The file is truncated or corrupt; install or download it again');
    }
  }
  return readIdx(bytes, path);
}
