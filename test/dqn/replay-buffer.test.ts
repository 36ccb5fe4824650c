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
  }
});

ReplayBufferSuite('overwrites the oldest transition when full', () => {
  const buffer = new ReplayBuffer({ capacity: 3, observationShape: [2], seed: 2 });
  for (let i = 0; i < 5; i++) buffer.add(obs(i), i, 0, obs(i), false);
  assert.is(buffer.size, 3);
  const seen = new Set(buffer.sample(200).actions);
  assert.equal([...seen].sort(), [2, 3, 4]);
});

ReplayBufferSuite('samples uniformly', () => {
  const buffer = new ReplayBuffer({ capacity: 4, observationShape: [1], seed: 3 });
  for (let i = 0; i < 4; i++) buffer.add([i], i, 0, [i], false);
  const counts = [0, 0, 0, 0];
  for (let k = 0; k < 100; k++) for (const a of buffer.sample(100).actions) counts[a]++;
  // 10,000 draws: each count is 2,500 ± 43 (one sd); 5 sd is far outside chance.
  for (const c of counts) assert.ok(Math.abs(c - 2500) < 220, `count ${c}`);
});

ReplayBufferSuite('is deterministic under a seed', () => {
  const make = (seed: number) => {
    const b = new ReplayBuffer({ capacity: 50, observationShape: [1], observationDtype: 'uint8', seed });
    for (let i = 0; i < 50; i++) b.add([i % 2], i, 0, [1 - (i % 2)], false);
    return Array.from(b.sample(20).actions);
  };
  assert.equal(make(7), make(7));
  assert.not.equal(make(7), make(8));
});

ReplayBufferSuite('refuses bad input with the field and value', () => {
  assert.throws(() => new ReplayBuffer({ capacity: 0, observationShape: [2] }), /capacity to be a positive integer, but received 0/);
  assert.throws(() => new ReplayBuffer({ capacity: 5, observationShape: [] }), /observationShape/);
  const buffer = new ReplayBuffer({ capacity: 5, observationShape: [2] });
  assert.throws(() => buffer.sample(4), /at least one stored transition/);
  assert.throws(() => buffer.add([1, 2, 3], 0, 0, [1, 2], false), /2 elements/);
  assert.throws(() => buffer.add([1, 2], 0.5, 0, [1, 2], false), /action to be an integer/);
});

ReplayBufferSuite.run();
