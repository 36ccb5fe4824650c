import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readIdxFile } from '../../../packages/classify/src/datasets/read-idx-file';

const dir = mkdtempSync(join(tmpdir(), 'deeper-idx-'));
const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]); // unsigned bytes [7, 8, 9]

const test = suite('readIdxFile');

test('reads a plain and a gzip-compressed file alike', () => {
  writeFileSync(join(dir, 'plain'), bytes);
  writeFileSync(join(dir, 'packed.gz'), gzipSync(bytes));
  for (const name of ['plain', 'packed.gz']) {
    const { shape, data } = readIdxFile(join(dir, name));
    assert.equal(shape, [3]);
    assert.equal(Array.from(data), [7, 8, 9]);
  }
});

test('a cut gzip stream is a clear error', () => {
  const packed = gzipSync(bytes);
  writeFileSync(join(dir, 'cut.gz'), packed.subarray(0, packed.length - 6));
  assert.throws(() => readIdxFile(join(dir, 'cut.gz')), /complete gzip stream/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
