import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseEnvId, unversionedId } from '../../../envs/src/registry/env-id';
import { UnknownEnvError } from '../../../envs/src/errors';

const parseEnvIdSuite = suite('parseEnvId');

parseEnvIdSuite('splits namespace, name and version', () => {
  assert.equal(parseEnvId('CartPole-v1'), { namespace: undefined, name: 'CartPole', version: 1 });
  assert.equal(parseEnvId('MinAtar/Space-Invaders-v12'), { namespace: 'MinAtar', name: 'Space-Invaders', version: 12 });
  assert.is(unversionedId(parseEnvId('MinAtar/Breakout-v0')), 'MinAtar/Breakout');
});

parseEnvIdSuite('refuses ids without a version or with junk', () => {
  for (const bad of ['CartPole', 'CartPole-v', 'CartPole-vx', '/CartPole-v1', 'a/b/C-v1', '']) {
    assert.throws(() => parseEnvId(bad), (e: Error) => e instanceof UnknownEnvError && /\[Namespace\/\]Name-vN/.test(e.message), bad);
  }
});

parseEnvIdSuite.run();
