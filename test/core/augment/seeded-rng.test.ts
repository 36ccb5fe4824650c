import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SeededRng } from '../../../packages/core/src/augment/seeded-rng';

const test = suite('SeededRng');

test('the same seed gives the same stream, different seeds different ones', () => {
  const draw = (seed: number) => { const r = new SeededRng(seed); return Array.from({ length: 5 }, () => r.nextUint32()); };
  assert.equal(draw(1), draw(1));
  assert.not.equal(draw(1), draw(2));
  assert.not.equal(draw(5), draw(5 + 2 ** 32));
});

test('uniform floats have the right range and mean; integers cover their range', () => {
  const r = new SeededRng(7);
  let sum = 0;
  const counts = [0, 0, 0];
  for (let i = 0; i < 30000; i++) {
    const u = r.nextFloat();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    counts[r.integer(0, 2)] += 1;
  }
  assert.ok(Math.abs(sum / 30000 - 0.5) < 0.01, `mean ${sum / 30000}`);
  for (const c of counts) assert.ok(Math.abs(c - 10000) < 400, `${counts}`); // ~4σ
  assert.is(r.uniform(3, 3), 3);
});

test('refuses negative or fractional seeds', () => {
  assert.throws(() => new SeededRng(-1), /seed/);
  assert.throws(() => new SeededRng(0.5), /seed/);
});

test.run();
