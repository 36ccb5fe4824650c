import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readIdx } from '../../../packages/classify/src/datasets/read-idx';
import { DatasetError } from '../../../packages/classify/src/datasets/dataset-error';

/** Builds IDX bytes by hand: 00 00 type rank, dims as big-endian uint32, then the payload. */
function idx(type: number, shape: number[], payload: number[]): Uint8Array {
  const header = [0, 0, type, shape.length, ...shape.flatMap((d) => [(d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])];
  return new Uint8Array([...header, ...payload]);
}

const test = suite('readIdx');

test('reads unsigned-byte images: shape from the header, values in order', () => {
  const { shape, data } = readIdx(idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]));
  assert.equal(shape, [2, 2, 3]);
  assert.ok(data instanceof Uint8Array);
  assert.equal(Array.from(data), [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
});

test('reads big-endian multi-byte types', () => {
  // int32 −2 = ff ff ff fe; 258 = 00 00 01 02
  const ints = readIdx(idx(0x0c, [2], [0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 2]));
  assert.equal(Array.from(ints.data), [-2, 258]);
  // float32 1.5 = 3f c0 00 00
  const floats = readIdx(idx(0x0d, [1], [0x3f, 0xc0, 0, 0]));
  assert.equal(Array.from(floats.data), [1.5]);
  // int16 −1 = ff ff
  assert.equal(Array.from(readIdx(idx(0x0b, [1], [0xff, 0xff])).data), [-1]);
});

test('a bad magic number is a clear error, and a gzip header says so', () => {
  assert.throws(() => readIdx(new Uint8Array([0, 0, 0x42, 1, 0, 0, 0, 0]), 'x.idx'),
    (e: unknown) => e instanceof DatasetError && /magic number/.test(e.message) && /0x00004201/.test(e.message) && /x\.idx/.test(e.message));
  assert.throws(() => readIdx(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])), /gzip-compressed/);
});

test('a truncated file is a clear error', () => {
  const full = idx(0x08, [3, 2], [1, 2, 3, 4, 5, 6]); // 4 + 2·4 header bytes + 6 values = 18 bytes
  assert.throws(() => readIdx(full.subarray(0, full.length - 1)), (e: unknown) => e instanceof DatasetError && /18 bytes/.test(e.message) && /truncated/.test(e.message));
  assert.throws(() => readIdx(full.subarray(0, 6)), /12 header bytes/);
  assert.throws(() => readIdx(new Uint8Array([0, 0])), /at least 4/);
});

test.run();
