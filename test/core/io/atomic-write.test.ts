import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
atomicSuite('a process killed mid-write (SIGKILL) leaves the old file whole under the real name', () => {
  const path = join(dir, 'weights.bin');
  writeFileAtomic(path, new Uint8Array([7, 7]));
  const module = fileURLToPath(new URL('../../../packages/core/src/io/atomic-write.ts', import.meta.url));
  const script = join(dir, 'crash.ts');
  writeFileSync(script, [
    `import { writeFileAtomic } from ${JSON.stringify(module)};`,
    'function* chunks() { yield new Uint8Array(1 << 20); process.kill(process.pid, "SIGKILL"); yield new Uint8Array(1); }',
    `writeFileAtomic(${JSON.stringify(path)}, chunks());`,
  ].join('\n'));
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  assert.is(child.signal, 'SIGKILL');
  assert.equal(Array.from(readFileSync(path)), [7, 7]);
  const leftovers = readdirSync(dir).filter((f) => f !== 'weights.bin' && f !== 'crash.ts');
  assert.is(leftovers.length, 1, 'the crash left its temporary file');
  assert.match(leftovers[0], /^\.weights\.bin\.\d+\.\d+\.tmp$/);
});
atomicSuite.run();
