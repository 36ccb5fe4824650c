import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplayBuffer, frameCapacityOf } from '../../packages/dqn/src/replay-buffer';
import { PrioritizedReplayBuffer } from '../../packages/dqn/src/prioritized-replay-buffer';
import { NStepAccumulator } from '../../packages/dqn/src/n-step-accumulator';

const ReplayBufferSuite = suite('ReplayBuffer');

function obs(value: number): Float32Array {
  return new Float32Array([value, value + 0.5]);
}

ReplayBufferSuite('stores transitions and samples only stored ones', () => {
  const buffer = new ReplayBuffer({ capacity: 10, observationShape: [2], seed: 1 });
  for (let i = 0; i < 4; i++) buffer.add(obs(i), i, i * 10, obs(i + 1), i === 3);
  assert.is(buffer.size, 4);
  const batch = buffer.sample(64);
  for (let b = 0; b < 64; b++) {
    const i = batch.actions[b];
    assert.ok(i >= 0 && i < 4);
    assert.is(batch.observations[2 * b], i);
    assert.is(batch.observations[2 * b + 1], i + 0.5);
    assert.is(batch.nextObservations[2 * b], i + 1);
    assert.is(batch.rewards[b], i * 10);
    assert.is(batch.terminated[b], i === 3 ? 1 : 0);
    assert.is(batch.indices[b], i);
  }
});

ReplayBufferSuite('overwrites the oldest transition when full (wrap-around)', () => {
  const buffer = new ReplayBuffer({ capacity: 3, observationShape: [2], seed: 2 });
  const positions = [];
  for (let i = 0; i < 5; i++) positions.push(buffer.add(obs(i), i, 0, obs(i), false));
  assert.equal(positions, [0, 1, 2, 0, 1]);
  assert.is(buffer.size, 3);
  const batch = buffer.sample(200);
  const seen = new Set(batch.actions);
  assert.equal([...seen].sort(), [2, 3, 4]);
  // Every row still pairs its own observation with its action after the wrap.
  for (let b = 0; b < 200; b++) assert.is(batch.observations[2 * b], batch.actions[b]);
});

ReplayBufferSuite('samples before it is full only from what it holds', () => {
  const buffer = new ReplayBuffer({ capacity: 1000, observationShape: [1], seed: 4 });
  buffer.add([7], 7, 0, [7], false);
  const batch = buffer.sample(32);
  assert.ok(Array.from(batch.actions).every((a) => a === 7));
});

ReplayBufferSuite('keeps terminated and truncated apart, and the step count', () => {
  const buffer = new ReplayBuffer({ capacity: 3, observationShape: [1], seed: 5 });
  buffer.add([0], 0, 1, [1], true, false, 1);
  buffer.add([1], 1, 1, [2], false, true, 1);
  buffer.addTransition({ observation: [2], action: 2, reward: 2.5, nextObservation: [5], terminated: false, steps: 3 });
  const batch = buffer.sample(60);
  for (let b = 0; b < 60; b++) {
    const a = batch.actions[b];
    assert.is(batch.terminated[b], a === 0 ? 1 : 0);
    assert.is(batch.truncated[b], a === 1 ? 1 : 0);
    assert.is(batch.steps[b], a === 2 ? 3 : 1);
  }
});

ReplayBufferSuite('samples uniformly', () => {
  const buffer = new ReplayBuffer({ capacity: 4, observationShape: [1], seed: 3 });
  for (let i = 0; i < 4; i++) buffer.add([i], i, 0, [i], false);
  const counts = [0, 0, 0, 0];
  for (let k = 0; k < 100; k++) for (const a of buffer.sample(100).actions) counts[a]++;
  // 10,000 draws: each count is 2,500 ± 43 (one sd); 5 sd is far outside chance.
  for (const c of counts) assert.ok(Math.abs(c - 2500) < 220, `count ${c}`);
});

ReplayBufferSuite('is deterministic under a seed, and its sampler state round-trips', () => {
  const make = (seed: number) => {
    const b = new ReplayBuffer({ capacity: 50, observationShape: [1], observationDtype: 'uint8', seed });
    for (let i = 0; i < 50; i++) b.add([i % 2], i, 0, [1 - (i % 2)], false);
    return b;
  };
  assert.equal(Array.from(make(7).sample(20).actions), Array.from(make(7).sample(20).actions));
  assert.not.equal(Array.from(make(7).sample(20).actions), Array.from(make(8).sample(20).actions));
  const a = make(9);
  a.sample(5);
  const state = a.rngState;
  const next = Array.from(a.sample(10).actions);
  const b = make(1);
  b.rngState = state;
  assert.equal(Array.from(b.sample(10).actions), next);
});

ReplayBufferSuite('saves and loads its whole ring, and refuses a file of another shape', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-replay-'));
  try {
    const a = new ReplayBuffer({ capacity: 5, observationShape: [2], observationDtype: 'uint8', seed: 3 });
    for (let i = 0; i < 7; i++) a.add([i, 1], i, i / 2, [i + 1, 0], i === 6, i === 5, 1 + (i % 2));
    a.save(join(dir, 'r.bin'));
    const b = new ReplayBuffer({ capacity: 5, observationShape: [2], observationDtype: 'uint8', seed: 99 });
    b.load(join(dir, 'r.bin'));
    assert.is(b.size, 5);
    assert.equal(b.sample(30), a.sample(30));
    assert.is(b.add([0, 0], 0, 0, [0, 0], false), a.add([0, 0], 0, 0, [0, 0], false));
    const other = new ReplayBuffer({ capacity: 5, observationShape: [3], observationDtype: 'uint8' });
    assert.throws(() => other.load(join(dir, 'r.bin')), /shape \[2\].*shape \[3\]/);
    writeFileSync(join(dir, 'cut.bin'), Buffer.alloc(10));
    assert.throws(() => b.load(join(dir, 'cut.bin')), /not the JSON|format/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

ReplayBufferSuite('refuses bad input with the field and value', () => {
  assert.throws(() => new ReplayBuffer({ capacity: 0, observationShape: [2] }), /capacity to be a positive integer, but received 0/);
  assert.throws(() => new ReplayBuffer({ capacity: 5, observationShape: [] }), /observationShape/);
  const buffer = new ReplayBuffer({ capacity: 5, observationShape: [2] });
  assert.throws(() => buffer.sample(4), /at least one stored transition/);
  assert.throws(() => buffer.add([1, 2, 3], 0, 0, [1, 2], false), /2 elements/);
  assert.throws(() => buffer.add([1, 2], 0.5, 0, [1, 2], false), /action to be an integer/);
  assert.throws(() => buffer.add([1, 2], 0, NaN, [1, 2], false), /reward to be a finite number/);
  assert.throws(() => buffer.add([1, 2], 0, 0, [1, 2], false, false, 0), /steps to be an integer in \[1, 255\]/);
});

/** A 0/1 grid of `cells` cells that encodes `t` (distinct for distinct t < 2^cells). */
function grid(t: number, cells: number): Uint8Array {
  const g = new Uint8Array(cells);
  for (let j = 0; j < cells; j++) g[j] = (Math.floor(t / 2 ** (j % 20)) + j) % 2;
  return g;
}

ReplayBufferSuite('stores each observation once: an episode of L steps keeps L + 1 frames, and samples give back s and s′ exactly', () => {
  // 50 cells take the byte-by-byte unpacking, 64 (a multiple of 8, as MinAtar's grids) the eight-at-a-time one.
  for (const shape of [[5, 5, 2], [4, 4, 4]]) {
    const cells = shape.reduce((a, b) => a * b, 1);
    const buffer = new ReplayBuffer({ capacity: 100, observationShape: shape, observationDtype: 'bit', seed: 1 });
    let t = 0;
    for (const length of [10, 20, 5]) {
      const start = t;
      for (let step = 0; step < length; step++) buffer.add(grid(t, cells), t % 6, 0, grid(t + 1, cells), step === length - 1), t++;
      t = start + length + 1000; // the next episode starts elsewhere
    }
    assert.is(buffer.size, 35);
    assert.is(buffer.framesWritten, 11 + 21 + 6);
    const batch = buffer.sample(64);
    for (let b = 0; b < 64; b++) {
      const o = Array.from(batch.observations.subarray(b * cells, (b + 1) * cells));
      const found = [...Array(3000).keys()].find((u) => Array.from(grid(u, cells)).join() === o.join());
      assert.ok(found !== undefined, `row ${b} of shape [${shape}] is a stored observation`);
      assert.is(found! % 6, batch.actions[b]);
      assert.equal(Array.from(batch.nextObservations.subarray(b * cells, (b + 1) * cells)), Array.from(grid(found! + 1, cells)));
    }
  }
});

ReplayBufferSuite('100,000 MinAtar transitions take at most 100 MB (Seaquest, the widest: 10×10×10 cells)', () => {
  for (const channels of [4, 6, 7, 10]) {
    const buffer = new ReplayBuffer({ capacity: 100_000, observationShape: [10, 10, channels], observationDtype: 'bit' });
    assert.ok(buffer.bytes <= 100e6, `${channels} channels: ${buffer.bytes} bytes`);
    // Every byte counted: frames (packed), their hashes, two frame slots and a floor per transition, and the rest.
    assert.is(buffer.bytes, frameCapacityOf(buffer.config) * (Math.ceil(100 * channels / 8) + 4) + 100_000 * (2 * 4 + 8 + 4 + 4 + 3));
  }
  const seaquest = new ReplayBuffer({ capacity: 100_000, observationShape: [10, 10, 10], observationDtype: 'bit' });
  assert.ok(seaquest.bytes < 30e6, `${seaquest.bytes}`);
});

ReplayBufferSuite('frame stacks store each frame once (FrameStack layout [k, ...frame]) and are rebuilt exactly', () => {
  const k = 4;
  const frame = (f: number) => Array.from({ length: 600 }, (_, j) => (f * 7 + j) % 256);
  const stack = (frames: number[]) => frames.flatMap(frame);
  const buffer = new ReplayBuffer({ capacity: 50, observationShape: [k, 600], observationDtype: 'uint8', framesPerObservation: k, seed: 2 });
  // One episode as FrameStack makes it: the reset frame repeated k times, then one new frame per step.
  const history = [0, 0, 0, 0];
  for (let t = 1; t <= 20; t++) {
    const before = history.slice(-k);
    history.push(t);
    buffer.add(stack(before), t, 0, stack(history.slice(-k)), t === 20);
  }
  assert.is(buffer.framesWritten, 21, 'frames 0..20, each once');
  // The ring holds 50 · 1.5 + 32 + 8 = 115 frames of 600 bytes: 30 % of 50 · 2 · 4 stacked frames.
  assert.ok(buffer.bytes < 0.31 * 50 * 2 * k * 600, `${buffer.bytes} bytes, against ${50 * 2 * k * 600} for whole stacks`);
  const batch = buffer.sample(40);
  for (let b = 0; b < 40; b++) {
    const t = batch.actions[b];
    const frames = [0, 0, 0, 0, ...Array.from({ length: 20 }, (_, i) => i + 1)];
    assert.equal(Array.from(batch.observations.subarray(b * 2400, b * 2400 + 2400)), stack(frames.slice(t - 1, t - 1 + k)));
    assert.equal(Array.from(batch.nextObservations.subarray(b * 2400, b * 2400 + 2400)), stack(frames.slice(t, t + k)));
  }
  assert.throws(() => new ReplayBuffer({ capacity: 5, observationShape: [3, 600], framesPerObservation: 4 }), /framesPerObservation to be the first axis/);
});

ReplayBufferSuite('n-step transitions share their frames with the one-step stream', () => {
  const buffer = new ReplayBuffer({ capacity: 100, observationShape: [8], observationDtype: 'bit', seed: 3 });
  const accumulator = new NStepAccumulator(3, 0.9);
  for (let t = 0; t < 30; t++) {
    for (const stored of accumulator.push({ observation: grid(t, 8), action: t % 4, reward: 1, nextObservation: grid(t + 1, 8), terminated: t === 29, truncated: false })) {
      buffer.addTransition(stored);
    }
  }
  assert.is(buffer.size, 30);
  assert.is(buffer.framesWritten, 31);
});

ReplayBufferSuite('drops the oldest transitions when episodes are too short for the frame ring, and never returns a damaged one', () => {
  for (const prioritized of [false, true]) {
    const config = { capacity: 20, observationShape: [2], observationDtype: 'uint8' as const, frameLookback: 1, frameCapacity: 12, seed: 4 };
    const buffer = prioritized ? new PrioritizedReplayBuffer(config) : new ReplayBuffer(config);
    // Episodes of one step: two new frames per transition, so 12 frames hold 5 whole transitions at most.
    for (let t = 0; t < 60; t++) buffer.add([t, 0], t, 0, [t, 1], true);
    assert.ok(buffer.size >= 5 && buffer.size < 20, `size ${buffer.size}`);
    const batch = buffer.sample(100);
    for (let b = 0; b < 100; b++) {
      const t = batch.actions[b];
      assert.ok(t >= 60 - buffer.size, `only live transitions (${t})`);
      assert.equal([batch.observations[2 * b], batch.observations[2 * b + 1], batch.nextObservations[2 * b], batch.nextObservations[2 * b + 1]], [t, 0, t, 1]);
    }
  }
  assert.throws(() => new ReplayBuffer({ capacity: 5, observationShape: [2], frameLookback: 4, frameCapacity: 6 }), /frameCapacity to be 0 \(automatic\) or at least .* = 7/);
});

ReplayBufferSuite('saves and loads packed frames and stacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-replay-'));
  try {
    const config = { capacity: 8, observationShape: [2, 5], observationDtype: 'bit' as const, framesPerObservation: 2 };
    const a = new ReplayBuffer({ ...config, seed: 5 });
    for (let t = 0; t < 11; t++) a.add([...grid(t, 5), ...grid(t + 1, 5)], t, t, [...grid(t + 1, 5), ...grid(t + 2, 5)], false);
    a.save(join(dir, 'r.bin'));
    const b = new ReplayBuffer({ ...config, seed: 6 });
    b.load(join(dir, 'r.bin'));
    assert.is(b.framesWritten, a.framesWritten);
    assert.equal(b.sample(20), a.sample(20));
    assert.is(b.add([...grid(3, 5), ...grid(4, 5)], 0, 0, [...grid(4, 5), ...grid(5, 5)], false), a.add([...grid(3, 5), ...grid(4, 5)], 0, 0, [...grid(4, 5), ...grid(5, 5)], false));
    assert.is(b.framesWritten, a.framesWritten);
    const unstacked = new ReplayBuffer({ ...config, observationShape: [2, 5], framesPerObservation: 1 });
    assert.throws(() => unstacked.load(join(dir, 'r.bin')), /stacks of 2 frames.*stacks of 1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

ReplayBufferSuite('refuses a non-binary observation in a bit buffer', () => {
  const buffer = new ReplayBuffer({ capacity: 5, observationShape: [3], observationDtype: 'bit' });
  buffer.add([0, 1, 0], 4, 0, [1, 1, 0], false);
  assert.throws(() => buffer.add([0, 1, 1], 0, 0, [0, 255, 1], false), /observation to be elements 0 or 1 \(observationDtype "bit"\), but received "255 at element 1"/);
  assert.is(buffer.size, 1, 'the refused transition is not stored');
  const batch = buffer.sample(4);
  assert.equal([...batch.observations.subarray(0, 3), ...batch.nextObservations.subarray(0, 3), batch.actions[0]], [0, 1, 0, 1, 1, 0, 4]);
  assert.throws(() => new ReplayBuffer({ capacity: 5, observationShape: [3], observationDtype: 'int8' as never }), /"bit", "uint8" or "float32"/);
});

ReplayBufferSuite.run();
