import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileAtomic } from '../../../packages/core/src/io/atomic-write';

const atomicSuite = suite('writeFileAtomic');
let dir = '';
atomicSuite.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'deeper-atomic-'));
});
atomicSuite.after.each(() => rmSync(dir, { recursive: true, force: true }));

atomicSuite('writes strings, buffers and chunk sequences, creating the directory', () => {
  const path = join(dir, 'sub', 'a.txt');
  writeFileAtomic(path, 'héllo');
  assert.is(readFileSync(path, 'utf8'), 'héllo');
  writeFileAtomic(path, [new Uint8Array([1, 2]), new Uint8Array([3])]);
  assert.equal(Array.from(readFileSync(path)), [1, 2, 3]);
  assert.equal(readdirSync(join(dir, 'sub')), ['a.txt'], 'no temporary file left');
});
atomicSuite('a failure mid-write leaves the old file whole and no temporary file', () => {
  const path = join(dir, 'weights.bin');
  writeFileAtomic(path, new Uint8Array([9, 9, 9]));
  function* failing(): Iterable<Uint8Array> {
    yield new Uint8Array(1 << 20);
    throw new Error('disk unplugged');
  }
  assert.throws(() => writeFileAtomic(path, failing()), /disk unplugged/);
  assert.equal(Array.from(readFileSync(path)), [9, 9, 9]);
  assert.equal(readdirSync(dir), ['weights.bin']);
});
atomicSuite('a failure before any file existed leaves no file under the real name', () => {
  const path = join(dir, 'model.json');
  function* failing(): Iterable<Uint8Array> {
    yield new Uint8Array([1]);
    throw new Error('crash');
  }
  assert.throws(() => writeFileAtomic(path, failing()));
  assert.not.ok(existsSync(path));
  assert.equal(readdirSync(dir), []);
});
atomicSuite.run();
