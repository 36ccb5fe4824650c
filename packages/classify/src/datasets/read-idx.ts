/**
 * Reads the IDX format of the MNIST family (LeCun et al., http://yann.lecun.com/exdb/mnist/):
 * two zero bytes, a type code, the number of dimensions, each dimension as a big-endian uint32,
 * then the values in row-major order, big-endian.
 */
import { DatasetError } from './dataset-error';

/** The typed array each IDX type code decodes to. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  /** The dimensions, outermost first (e.g. [60000, 28, 28] for images). */
  shape: number[];
  /** The values, row-major, in native byte order. */
  data: IdxData;
}

const types: Record<number, { name: string; bytes: number; make: (n: number) => IdxData; read: (v: DataView, at: number) => number }> = {
  0x08: { name: 'unsigned byte', bytes: 1, make: (n) => new Uint8Array(n), read: (v, at) => v.getUint8(at) },
  0x09: { name: 'signed byte', bytes: 1, make: (n) => new Int8Array(n), read: (v, at) => v.getInt8(at) },
  0x0b: { name: 'short', bytes: 2, make: (n) => new Int16Array(n), read: (v, at) => v.getInt16(at, false) },
  0x0c: { name: 'int', bytes: 4, make: (n) => new Int32Array(n), read: (v, at) => v.getInt32(at, false) },
  0x0d: { name: 'float', bytes: 4, make: (n) => new Float32Array(n), read: (v, at) => v.getFloat32(at, false) },
  0x0e: { name: 'double', bytes: 8, make: (n) => new Float64Array(n), read: (v, at) => v.getFloat64(at, false) },
};

/** Decodes one IDX file's bytes; `source` names it in errors. */
export function readIdx(bytes: Uint8Array, source = 'IDX data'): IdxArray {
  const who = `readIdx (${source})`;
  if (bytes.length < 4) {
    throw new DatasetError(who, 'an IDX file of at least 4 header bytes', `${bytes.length} bytes`, 'The file is truncated; download it again');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = types[bytes[2]];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type == null) {
    const hex = `0x${magic.toString(16).padStart(8, '0')}`;
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b ? '; it is gzip-compressed, so decompress it first (readIdxFile does)' : '';
    throw new DatasetError(who, 'the IDX magic number 0x0000TTDD (TT a type code 08, 09, 0b, 0c, 0d or 0e)', `${hex}${gz}`, 'Is this an IDX file?');
  }
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DatasetError(who, `${headerBytes} header bytes for ${rank} dimensions`, `${bytes.length} bytes`, 'The file is truncated; download it again');
  }
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (bytes.length < expected) {
    throw new DatasetError(who, `${expected} bytes for ${type.name} values of shape [${shape.join(', ')}]`, `${bytes.length} bytes`, 'The file is truncated; download it again');
  }
  if (type.bytes === 1) {
    // Bytes need no reordering: copy them out in one go.
    const data = type.make(count);
    data.set(bytes.subarray(headerBytes, expected) as never);
    return { shape, data };
  }
  const data = type.make(count);
  for (let i = 0; i < count; i++) data[i] = type.read(view, headerBytes + i * type.bytes);
  return { shape, data };
}
