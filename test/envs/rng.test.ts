import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng, checkSeed, deriveSeed } from '../../envs/src/rng';
import { Discrete } from '../../envs/src/spaces/discrete';

const RngSuite = suite('Rng');

RngSuite('gives the same stream for the same seed and another for another seed', () => {
  const draw = (seed: number) => { const r = new Rng(seed); return [r.nextUint32(), r.nextUint32(), r.nextUint32()]; };
  assert.equal(draw(42), draw(42));
  assert.not.equal(draw(42), draw(43));
  const r = new Rng(7);
  const first = r.nextUint32();
  r.seed(7);
  assert.is(r.nextUint32(), first);
});

RngSuite('draws uniform floats in [0, 1) and unbiased integers in [0, n)', () => {
  const r = new Rng(1);
  const bins = new Array(10).fill(0);
  let sum = 0;
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const f = r.nextFloat();
    assert.ok(f >= 0 && f < 1);
    sum += f;
    bins[Math.floor(f * 10)]++;
  }
  // Mean 0.5 ± 0.0009 (one sd); each bin 10,000 ± 95.
  assert.ok(Math.abs(sum / n - 0.5) < 0.005, `mean ${sum / n}`);
  for (const b of bins) assert.ok(Math.abs(b - 10_000) < 500, `bin ${b}`);
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) counts[r.nextInt(3)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `count ${c}`);
});

RngSuite('refuses bad seeds and bad ranges', () => {
  assert.throws(() => new Rng(-1), /seed to be a non-negative integer, but received -1/);
  assert.throws(() => new Rng(1.5), /but received 1.5/);
  assert.throws(() => checkSeed('reset', '3'), /reset expects seed to be a non-negative integer, but received "3"/);
  assert.throws(() => new Rng(0).nextInt(0), /n to be an integer in \[1, 2\^32\], but received 0/);
});
RngSuite.run();

const DeriveSeed = suite('deriveSeed');

DeriveSeed('is deterministic, differs by stream, and stays a safe integer', () => {
  assert.is(deriveSeed(5, 'space'), deriveSeed(5, 'space'));
  assert.is.not(deriveSeed(5, 'space'), deriveSeed(5, 'other'));
  assert.is.not(deriveSeed(5, 'space'), deriveSeed(6, 'space'));
  assert.ok(Number.isSafeInteger(deriveSeed(2 ** 40, 'space')));
});

DeriveSeed('decorrelates an action space seeded like its env (the Gymnasium idiom)', () => {
  // Regression: with equal streams, a random Breakout policy's moves mirrored the ball's
  // start side, and every early episode lasted exactly 6 steps.
  for (const seed of [0, 1, 2, 3]) {
    const env = new Rng(seed);
    const space = new Discrete(2);
    space.seed(seed);
    let agree = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) if ((env.nextInt(2) === 1) === (space.sample() === 1)) agree++;
    // Independent streams agree half the time: 2000 ± 32.
    assert.ok(Math.abs(agree - n / 2) < 200, `seed ${seed}: ${agree} of ${n} agree`);
  }
});
DeriveSeed.run();
