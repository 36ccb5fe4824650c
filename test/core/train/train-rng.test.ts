import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TrainRng } from '../../../packages/core/src/train/train-rng';

const Rng = suite('TrainRng');

Rng('Mulberry32 reference values for seed 0', () => {
  // Hand-run of the published algorithm: state += 0x6D2B79F5; t = imul(s ^ s>>>15, s|1); …
  const rng = new TrainRng(0);
  const s = 0x6d2b79f5;
  let t = Math.imul(s ^ (s >>> 15), s | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  assert.is(rng.nextUint32(), (t ^ (t >>> 14)) >>> 0);
});

Rng('same seed, same stream; the state round-trips', () => {
  const a = new TrainRng(42);
  const b = new TrainRng(42);
  assert.equal(Array.from({ length: 5 }, () => a.nextUint32()), Array.from({ length: 5 }, () => b.nextUint32()));
  const saved = a.state;
  const next = Array.from(a.permutation(10));
  const c = new TrainRng(1);
  c.state = saved;
  assert.equal(Array.from(c.permutation(10)), next);
  assert.not.equal(Array.from(new TrainRng(43).permutation(10)), Array.from(new TrainRng(42).permutation(10)));
});

Rng('permutation is a permutation, and nextInt is roughly uniform', () => {
  const p = Array.from(new TrainRng(3).permutation(100)).sort((x, y) => x - y);
  assert.equal(p, Array.from({ length: 100 }, (_, i) => i));
  const rng = new TrainRng(9);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30000; i++) counts[rng.nextInt(3)]++;
  assert.ok(counts.every((n) => Math.abs(n - 10000) < 400), String(counts));
});

Rng('refuses a negative or fractional seed', () => {
  assert.throws(() => new TrainRng(-1), /seed/);
  assert.throws(() => new TrainRng(1.5), /seed/);
});

Rng.run();
