import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveEnvOptions, checkEnvInteger, checkEnvNumber, checkEnvBoolean, describeValue } from '../../../envs/src/registry/env-options';
import { EnvOptionError } from '../../../envs/src/errors';

const resolveSuite = suite('resolveEnvOptions');

resolveSuite('merges over defaults, skipping undefined, and refuses unknown keys', () => {
  assert.equal(resolveEnvOptions('X', { a: 1, b: 2 }, { b: 3 }), { a: 1, b: 3 });
  assert.equal(resolveEnvOptions('X', { a: 1 }, { a: undefined }), { a: 1 });
  assert.throws(() => resolveEnvOptions('X', { a: 1 }, { c: 2 }), (e: Error) => e instanceof EnvOptionError && e.message === 'X expects options among "a", but received unknown option "c"; remove it or check its spelling');
  assert.throws(() => resolveEnvOptions('X', { a: 1 }, 5 as never), /X expects its options to be an object, but received 5/);
});

const checksSuite = suite('checkEnvInteger/checkEnvNumber/checkEnvBoolean');

checksSuite('accept in-range values and explain out-of-range ones', () => {
  assert.is(checkEnvInteger('X', 'n', 3), 3);
  assert.throws(() => checkEnvInteger('X', 'n', 0), /X expects n to be a positive integer, but received 0/);
  assert.throws(() => checkEnvInteger('X', 'n', 5, 0, 4), /an integer in \[0, 4\], but received 5/);
  assert.is(checkEnvNumber('X', 'p', 0.5, 0, 1), 0.5);
  assert.throws(() => checkEnvNumber('X', 'p', Infinity), /finite number/);
  assert.throws(() => checkEnvNumber('X', 'p', 2, 0, 1), /≥ 0 and ≤ 1, but received 2/);
  assert.is(checkEnvBoolean('X', 'b', false), false);
  assert.throws(() => checkEnvBoolean('X', 'b', 'yes'), /true or false, but received "yes"/);
  assert.is(describeValue(Uint8Array.of(1, 2)), 'Uint8Array(2) [1, 2]');
});

resolveSuite.run();
checksSuite.run();
