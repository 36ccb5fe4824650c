import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Discrete } from '../../../envs/src/spaces/discrete';
import { EnvOptionError } from '../../../envs/src/errors';

const DiscreteSuite = suite('Discrete');

DiscreteSuite('contains exactly the integers start … start + n − 1', () => {
  const space = new Discrete(3, -1);
  for (const v of [-1, 0, 1]) assert.ok(space.contains(v), String(v));
  for (const v of [-2, 2, 0.5, '0', NaN, null, [0]]) assert.not.ok(space.contains(v), String(v));
  assert.equal(space.shape, []);
  assert.is(space.dtype, 'int64');
  assert.is(space.toString(), 'Discrete(3, start=-1)');
  assert.is(new Discrete(6).toString(), 'Discrete(6)');
});

DiscreteSuite('samples every value about equally often, and the same sequence after the same seed', () => {
  const space = new Discrete(4, 10);
  space.seed(7);
  const counts = new Map<number, number>();
  const first: number[] = [];
  for (let i = 0; i < 8000; i++) {
    const v = space.sample();
    assert.ok(space.contains(v));
    if (i < 20) first.push(v);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // Each count is Binomial(8000, 1/4): 2000 ± 39 (one sd); 6 sd apart from chance.
  for (const v of [10, 11, 12, 13]) assert.ok(Math.abs((counts.get(v) ?? 0) - 2000) < 240, `${v}: ${counts.get(v)}`);
  space.seed(7);
  assert.equal(Array.from({ length: 20 }, () => space.sample()), first);
});

DiscreteSuite('rejects a bad n or start', () => {
  assert.throws(() => new Discrete(0), (e: Error) => e instanceof EnvOptionError && /Discrete expects n to be a positive integer, but received 0/.test(e.message));
  assert.throws(() => new Discrete(2.5), (e: Error) => e instanceof EnvOptionError);
  assert.throws(() => new Discrete(2, 0.5), /start/);
});

DiscreteSuite.run();
