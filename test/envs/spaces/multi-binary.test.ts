import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MultiBinary } from '../../../envs/src/spaces/multi-binary';
import { EnvOptionError } from '../../../envs/src/errors';

const MultiBinarySuite = suite('MultiBinary');

MultiBinarySuite('holds 0/1 arrays of the shape', () => {
  const space = new MultiBinary([2, 3]);
  assert.equal(space.shape, [2, 3]);
  assert.is(space.size, 6);
  assert.ok(space.contains(Uint8Array.of(0, 1, 1, 0, 0, 1)));
  assert.not.ok(space.contains(Uint8Array.of(0, 2, 1, 0, 0, 1)));
  assert.not.ok(space.contains(new Uint8Array(5)));
  assert.not.ok(space.contains(new Int32Array(6)));
  assert.is(new MultiBinary(4).toString(), 'MultiBinary(4)');
});

MultiBinarySuite('samples each bit with probability 1/2, repeatably', () => {
  const space = new MultiBinary(8);
  space.seed(5);
  let ones = 0;
  const first = space.sample();
  for (let i = 0; i < 1000; i++) ones += space.sample().reduce((a, b) => a + b, 0);
  // 8000 fair bits: 4000 ± 45 (one sd).
  assert.ok(Math.abs(ones - 4000) < 270, String(ones));
  space.seed(5);
  assert.equal(space.sample(), first);
});

MultiBinarySuite('rejects a bad size', () => {
  assert.throws(() => new MultiBinary(0), (e: Error) => e instanceof EnvOptionError);
  assert.throws(() => new MultiBinary([2, -1]), /positive integers/);
});

MultiBinarySuite.run();
