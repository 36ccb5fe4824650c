import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CheckpointError } from '../../../packages/core/src/errors';
import {
  checkDirectory, manifestSpecs, readJsonFile, readWeightFiles, specByteLength,
} from '../../../packages/core/src/io/checkpoint-files';

const sizeSuite = suite('specByteLength');
sizeSuite('elements × stored bytes; float16 quantization stores 2 bytes', () => {
  assert.is(specByteLength({ name: 'a', shape: [3, 4], dtype: 'float32' }), 48);
  assert.is(specByteLength({ name: 'b', shape: [3, 4], dtype: 'float32', quantization: { dtype: 'float16' } }), 24);
  assert.is(specByteLength({ name: 'c', shape: [], dtype: 'int32' }), 4);
  assert.throws(() => specByteLength({ name: 's', shape: [1], dtype: 'string' }), (e: Error) => e instanceof CheckpointError);
});
sizeSuite.run();

let dir = '';
const fresh = () => {
  dir = mkdtempSync(join(tmpdir(), 'deeper-ckpt-'));
};
const clean = () => rmSync(dir, { recursive: true, force: true });

const dirSuite = suite('checkDirectory');
dirSuite.before.each(fresh);
dirSuite.after.each(clean);
dirSuite('refuses a missing path and a file', () => {
  checkDirectory(dir);
  assert.throws(() => checkDirectory(join(dir, 'x')), /does not exist/);
  writeFileSync(join(dir, 'f'), '');
  assert.throws(() => checkDirectory(join(dir, 'f')), /is a file, not a checkpoint directory/);
});
dirSuite.run();

const jsonSuite = suite('readJsonFile');
jsonSuite.before.each(fresh);
jsonSuite.after.each(clean);
jsonSuite('parses an object; refuses missing, corrupt and non-object JSON', () => {
  writeFileSync(join(dir, 'ok.json'), '{"a":1}');
  assert.equal(readJsonFile(join(dir, 'ok.json')), { a: 1 });
  assert.throws(() => readJsonFile(join(dir, 'none.json')), /none\.json.*does not exist/);
  writeFileSync(join(dir, 'bad.json'), '{"a":');
  assert.throws(() => readJsonFile(join(dir, 'bad.json')), /bad\.json.*not valid JSON/);
  writeFileSync(join(dir, 'arr.json'), '[1]');
  assert.throws(() => readJsonFile(join(dir, 'arr.json')), /does not hold a JSON object/);
});
jsonSuite.run();

const manifestSuite = suite('manifestSpecs');
manifestSuite('flattens groups in order; refuses malformed entries', () => {
  const { paths, specs } = manifestSpecs('m.json', [
    { paths: ['a.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] },
    { paths: ['b.bin'], weights: [{ name: 'v', shape: [1], dtype: 'int32' }] },
  ]);
  assert.equal(paths, ['a.bin', 'b.bin']);
  assert.equal(specs.map((s) => s.name), ['w', 'v']);
  assert.throws(() => manifestSpecs('m.json', undefined), /no "weightsManifest" array/);
  assert.throws(() => manifestSpecs('m.json', [{ paths: ['a'] }]), /lacks its "paths" or "weights"/);
  assert.throws(() => manifestSpecs('m.json', [{ paths: [], weights: [{ name: 'x' }] }]), /lacks a name, shape or dtype/);
});
manifestSuite.run();

const readSuite = suite('readWeightFiles');
readSuite.before.each(fresh);
readSuite.after.each(clean);
readSuite('concatenates shards and checks the total against the manifest', () => {
  writeFileSync(join(dir, 'a.bin'), Buffer.from([1, 2, 3, 4]));
  writeFileSync(join(dir, 'b.bin'), Buffer.from([5, 6, 7, 8]));
  const specs = [{ name: 'w', shape: [2], dtype: 'float32' as const }];
  assert.equal(Array.from(new Uint8Array(readWeightFiles(dir, 'm.json', ['a.bin', 'b.bin'], specs))), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.throws(() => readWeightFiles(dir, 'm.json', ['a.bin'], specs), /holds 4 bytes while the manifest in m\.json describes 8 bytes \(1 weights\).*truncated/);
  assert.throws(() => readWeightFiles(dir, 'm.json', ['c.bin'], specs), /c\.bin.*does not exist/);
});
readSuite.run();
