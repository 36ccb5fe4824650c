import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FrameStore } from '../../packages/dqn/src/frame-store';

const Frames = suite('FrameStore');

Frames('stores a frame once when an equal one is among the lookback newest, and a new one otherwise', () => {
  const store = new FrameStore(3, 10, 'uint8', 2);
  assert.is(store.put([1, 2, 3], 0), 0);
  assert.is(store.put([0, 1, 2, 3], 1), 0, 'same bytes at an offset');
  assert.is(store.put([4, 5, 6], 0), 1);
  assert.is(store.put([1, 2, 3], 0), 0, 'two back, within the lookback of 2');
  assert.is(store.put([7, 8, 9], 0), 2);
  assert.is(store.put([8, 8, 8], 0), 3);
  assert.is(store.put([1, 2, 3], 0), 4, 'four back: beyond the lookback, written again');
  assert.is(store.count, 5);
  const out = new Uint8Array(6);
  store.read(1, out, 3);
  assert.equal(Array.from(out), [0, 0, 0, 4, 5, 6]);
});

Frames('packs 0/1 frames eight cells to a byte and reads them back exactly, for any frame size', () => {
  for (const size of [1, 7, 8, 13, 400, 700]) {
    const store = new FrameStore(size, 4, 'bit', 3);
    assert.is(store.frameBytes, Math.ceil(size / 8));
    const frames = [0, 1, 2].map((f) => Array.from({ length: size }, (_, j) => ((j * 7 + f * 3) % 5 === 0 ? 1 : 0)));
    const seqs = frames.map((frame) => store.put(frame, 0));
    // Destinations at offsets 1, 4 and 8 take the byte, uint32 and float64 paths; a Float32Array the byte path.
    for (const at of [1, 4, 8]) {
      seqs.forEach((seq, f) => {
        const out = new Uint8Array(size + 16);
        store.read(seq, out, at);
        assert.equal(Array.from(out.subarray(at, at + size)), frames[f], `size ${size}, frame ${f}, offset ${at}`);
        const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, v) => a + v, 0);
        assert.is(sum(out), sum(frames[f]), 'nothing written outside the frame');
      });
    }
    const floats = new Float32Array(size);
    store.read(seqs[2], floats, 0);
    assert.equal(Array.from(floats), frames[2]);
  }
});

Frames('refuses a value other than 0 or 1 in a bit frame, naming it', () => {
  const store = new FrameStore(4, 4, 'bit', 1);
  assert.throws(() => store.put([0, 1, 2, 0], 0), /observation to be elements 0 or 1.*2 at element 2/);
});

Frames('keeps float32 frames bit for bit, and a frame stays readable until capacity newer ones are written', () => {
  const store = new FrameStore(2, 3, 'float32', 0);
  const seqs = [[0.1, -2], [3.5, 1e-8], [-0, 7]].map((f) => store.put(f, 0));
  assert.equal(seqs, [0, 1, 2]);
  const out = new Float32Array(2);
  store.read(0, out, 0);
  assert.equal(Array.from(out), [Math.fround(0.1), -2]);
  store.put([9, 9], 0); // frame 3 takes frame 0's slot
  store.read(1, out, 0);
  assert.equal(Array.from(out), [3.5, Math.fround(1e-8)]);
  store.read(3, out, 0);
  assert.equal(Array.from(out), [9, 9]);
  assert.throws(() => new FrameStore(2, 3, 'float32', 3), /lookback/);
  assert.throws(() => new FrameStore(2, 3, 'int8' as never, 0), /dtype/);
});

Frames.run();
