/**
 * The frames behind a replay buffer's observations, each distinct frame stored once.
 *
 * Consecutive transitions share observations (s′ of one is s of the next), and consecutive
 * frame stacks share all but one frame, so storing s and s′ of every transition in full
 * keeps each frame twice, or 2k times for stacks of k (Mnih et al. 2015 stack k = 4). Here a
 * frame is looked up among the `lookback` newest before it is written: an equal one (same
 * bytes; a hash first, then a byte comparison) is shared, so in steady state each env step
 * adds one frame. Equality is by content, so sharing is always exact, whatever order the
 * frames come in; what `lookback` bounds is only how far back a repeat is found (n-step
 * transitions reach n + k frames back).
 *
 * Frames live in a ring of `capacity` slots, named by sequence number (the count of frames
 * written before them); frame `seq` stays readable until frame `seq + capacity` is written.
 *
 * Storage: 'float32', 'uint8', or 'bit' for frames whose every element is 0 or 1 (MinAtar's
 * grids), packed eight to a byte and read back as 0/1 bytes.
 */
import { checkInteger, ConfigError } from '@deeper/core';

export type FrameDtype = 'uint8' | 'float32' | 'bit';

/**
 * Lookup tables of unpacked bits: unpack4[v] holds the four 0/1 bytes of the nibble v as one
 * uint32, unpack8[v] the eight of the byte v as one float64 (little-endian, as typed arrays
 * are here). A float64 whose eight bytes are each 0 or 1 has an exponent of 0 or 16, never
 * the all-ones of a NaN, so its bits survive a load and a store unchanged.
 */
const unpack8 = new Float64Array(256);
const unpack4 = new Uint32Array(16);
{
  const bytes = new Uint8Array(unpack8.buffer);
  for (let v = 0; v < 256; v++) for (let j = 0; j < 8; j++) bytes[8 * v + j] = (v >> j) & 1;
  const nibbles = new Uint8Array(unpack4.buffer);
  for (let v = 0; v < 16; v++) for (let j = 0; j < 4; j++) nibbles[4 * v + j] = (v >> j) & 1;
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('FrameStore expects a little-endian platform (typed arrays in native byte order)');
}

export class FrameStore {
  /** Bytes one stored frame takes. */
  readonly frameBytes: number;
  /** Frames written so far: the sequence number the next new frame gets. */
  private written = 0;
  /** Ring of frames, frameBytes each, in stored form. */
  readonly data: Uint8Array;
  /** FNV-1a hash of each slot's bytes. */
  readonly hashes: Uint32Array;
  private readonly scratch: Uint8Array;
  private readonly scratchFloats: Float32Array | null;
  private readonly dataFloats: Float32Array | null;
  /** A sink for `readMany`'s prefetching loads, so that they are not optimised away. */
  private touched = 0;

  constructor(readonly frameSize: number, readonly capacity: number, readonly dtype: FrameDtype, readonly lookback: number) {
    checkInteger('FrameStore', 'frameSize', frameSize);
    checkInteger('FrameStore', 'capacity', capacity);
    checkInteger('FrameStore', 'lookback', lookback, 0, capacity - 1);
    if (dtype !== 'uint8' && dtype !== 'float32' && dtype !== 'bit') throw new ConfigError('FrameStore', 'dtype', '"uint8", "float32" or "bit"', dtype);
    this.frameBytes = dtype === 'bit' ? Math.ceil(frameSize / 8) : dtype === 'uint8' ? frameSize : 4 * frameSize;
    this.data = new Uint8Array(capacity * this.frameBytes);
    this.hashes = new Uint32Array(capacity);
    this.scratch = new Uint8Array(this.frameBytes);
    this.scratchFloats = dtype === 'float32' ? new Float32Array(this.scratch.buffer) : null;
    this.dataFloats = dtype === 'float32' ? new Float32Array(this.data.buffer) : null;
  }

  /** Frames written so far (the next new frame's sequence number). */
  get count(): number {
    return this.written;
  }

  /** Restores the write count after the ring's arrays were loaded. */
  set count(value: number) {
    checkInteger('FrameStore', 'count', value, 0);
    this.written = value;
  }

  /**
   * Stores elements [offset, offset + frameSize) of `source` as a frame, unless one of the
   * `lookback` newest frames holds the same bytes, and returns the frame's sequence number.
   * With dtype 'bit' every element must be 0 or 1.
   */
  put(source: ArrayLike<number>, offset: number): number {
    const n = this.frameSize;
    const s = this.scratch;
    if (this.dtype === 'bit') {
      s.fill(0);
      for (let j = 0; j < n; j++) {
        const v = source[offset + j];
        if (v === 1) s[j >> 3] |= 1 << (j & 7);
        else if (v !== 0) {
          throw new ConfigError('ReplayBuffer.add', 'observation', 'elements 0 or 1 (observationDtype "bit")', `${v} at element ${offset + j}`,
            'Store observations with other values as "uint8" or "float32"');
        }
      }
    } else if (this.scratchFloats !== null) {
      for (let j = 0; j < n; j++) this.scratchFloats[j] = source[offset + j];
    } else {
      for (let j = 0; j < n; j++) s[j] = source[offset + j];
    }
    let hash = 0x811c9dc5;
    for (let b = 0; b < s.length; b++) hash = Math.imul(hash ^ s[b], 0x01000193);
    hash >>>= 0;
    const bytes = this.frameBytes;
    for (let seq = this.written - 1; seq >= 0 && seq >= this.written - this.lookback; seq--) {
      const slot = seq % this.capacity;
      if (this.hashes[slot] !== hash) continue;
      const base = slot * bytes;
      let b = 0;
      while (b < bytes && this.data[base + b] === s[b]) b++;
      if (b === bytes) return seq;
    }
    const seq = this.written++;
    const slot = seq % this.capacity;
    this.data.set(s, slot * bytes);
    this.hashes[slot] = hash;
    return seq;
  }

  /** float64 and uint32 views of the last two destination buffers (a batch's two observation arrays), made once. */
  private viewBuffers: [ArrayBufferLike | null, ArrayBufferLike | null] = [null, null];
  private f64Views: [Float64Array, Float64Array] = [new Float64Array(0), new Float64Array(0)];
  private u32Views: [Uint32Array, Uint32Array] = [new Uint32Array(0), new Uint32Array(0)];

  /** Which of the two view slots holds views of `buffer` (made on a miss, replacing the older slot). */
  private viewSlot(buffer: ArrayBufferLike): number {
    if (this.viewBuffers[0] === buffer) return 0;
    if (this.viewBuffers[1] === buffer) return 1;
    this.viewBuffers[1] = this.viewBuffers[0];
    this.f64Views[1] = this.f64Views[0];
    this.u32Views[1] = this.u32Views[0];
    this.viewBuffers[0] = buffer;
    this.f64Views[0] = new Float64Array(buffer, 0, buffer.byteLength >> 3);
    this.u32Views[0] = new Uint32Array(buffer, 0, buffer.byteLength >> 2);
    return 0;
  }

  /** The ring slot of frame `seq`. */
  slotOf(seq: number): number {
    return seq % this.capacity;
  }

  /**
   * Copies the frames in ring slots `slots[m]` (see `slotOf`) into `dest` back to back, frame
   * m from element m · frameSize: a replay minibatch's observations in one sweep.
   */
  readMany(slots: Int32Array, dest: Uint8Array | Float32Array): void {
    const n = this.frameSize;
    const count = slots.length;
    if (this.dtype === 'bit' && n % 8 === 0 && dest instanceof Uint8Array && dest.byteOffset % 8 === 0) {
      // Whole packed bytes into 8-byte-aligned places: eight cells a float64 (never a NaN: see unpack8).
      const out = this.f64Views[this.viewSlot(dest.buffer)];
      const perFrame = n >> 3;
      const data = this.data;
      // Touch every frame's first and last bytes first: the frames lie scattered over the ring, so
      // these independent loads overlap their cache misses instead of waiting for them one by one.
      let touched = 0;
      for (let m = 0; m < count; m++) touched += data[slots[m] * perFrame] + data[slots[m] * perFrame + perFrame - 1];
      this.touched = touched;
      let at = dest.byteOffset >> 3;
      for (let m = 0; m < count; m++) {
        const base = slots[m] * perFrame;
        for (let b = 0; b < perFrame; b++) out[at + b] = unpack8[data[base + b]];
        at += perFrame;
      }
      return;
    }
    for (let m = 0; m < count; m++) this.read(slots[m], dest, m * n);
  }

  /** Copies frame `seq` (still in the ring; or its slot) into `dest` from element `destOffset`, unpacked to one element per cell. */
  read(seq: number, dest: Uint8Array | Float32Array, destOffset: number): void {
    const slot = seq % this.capacity;
    const n = this.frameSize;
    if (this.dtype === 'bit') {
      const base = slot * this.frameBytes;
      const data = this.data;
      const full = n >> 3;
      let done = 0;
      const byteAt = dest.byteOffset + destOffset;
      if (dest instanceof Uint8Array && byteAt % 4 === 0 && full > 0) {
        const view = this.viewSlot(dest.buffer);
        if (byteAt % 8 === 0) {
          // Eight cells at a time: the eight 0/1 bytes of a packed byte, read as one float64 (never a NaN: see unpack8).
          const out = this.f64Views[view];
          const at = byteAt / 8;
          for (let b = 0; b < full; b++) out[at + b] = unpack8[data[base + b]];
        } else {
          const out = this.u32Views[view];
          const at = byteAt / 4;
          for (let b = 0; b < full; b++) {
            const v = data[base + b];
            out[at + 2 * b] = unpack4[v & 15];
            out[at + 2 * b + 1] = unpack4[v >> 4];
          }
        }
        done = full * 8;
      }
      for (let j = done; j < n; j++) dest[destOffset + j] = (data[base + (j >> 3)] >> (j & 7)) & 1;
    } else if (this.dataFloats !== null) {
      dest.set(this.dataFloats.subarray(slot * n, slot * n + n), destOffset);
    } else {
      dest.set(this.data.subarray(slot * n, slot * n + n), destOffset);
    }
  }
}
