import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Dict, isSpace } from '../../../envs/src/spaces/dict';
import { Discrete } from '../../../envs/src/spaces/discrete';
import { Box } from '../../../envs/src/spaces/box';
import { EnvOptionError } from '../../../envs/src/errors';

const DictSuite = suite('Dict');

DictSuite('contains objects with exactly its keys, each a member of its space', () => {
  const space = new Dict({ position: new Box({ low: 0, high: 1, shape: [2] }), mode: new Discrete(3) });
  assert.ok(space.contains({ position: Float32Array.of(0.5, 0.5), mode: 2 }));
  assert.not.ok(space.contains({ position: Float32Array.of(0.5, 0.5), mode: 3 }));
  assert.not.ok(space.contains({ position: Float32Array.of(0.5, 0.5) }));
  assert.not.ok(space.contains({ position: Float32Array.of(0.5, 0.5), mode: 1, extra: 0 }));
  assert.not.ok(space.contains(null));
  assert.is(space.toString(), 'Dict(position: Box(0, 1, [2], float32), mode: Discrete(3))');
  assert.is(space.dtype, undefined);
});

DictSuite('samples members, and the same ones after the same seed', () => {
  const space = new Dict({ a: new Discrete(100), b: new Discrete(100) });
  space.seed(9);
  const first = Array.from({ length: 5 }, () => space.sample());
  for (const v of first) assert.ok(space.contains(v));
  // Subspaces get different seeds, so their streams differ.
  assert.not.equal(first.map((v) => v.a), first.map((v) => v.b));
  space.seed(9);
  assert.equal(Array.from({ length: 5 }, () => space.sample()), first);
});

DictSuite('rejects values that are not spaces', () => {
  assert.throws(() => new Dict({ a: 3 as never }), (e: Error) => e instanceof EnvOptionError && /"a"/.test(e.message));
  assert.ok(isSpace(new Discrete(2)));
  assert.not.ok(isSpace({ shape: [] }));
});

DictSuite.run();
