import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplayBuffer } from '../../packages/dqn/src/replay-buffer';

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

ReplayBufferSuite.run();
