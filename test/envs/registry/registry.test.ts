import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { register, getSpec, registeredSpecs } from '../../../envs/src/registry/registry';
import { EnvError, EnvOptionError, UnknownEnvError } from '../../../envs/src/errors';
import { CountEnv } from '../helpers/count-env';

const registerSuite = suite('register');

registerSuite('adds a spec that getSpec and registeredSpecs then return', () => {
  register({ id: 'Reg/Alpha-v0', create: () => new CountEnv(), description: 'a' });
  register({ id: 'Reg/Aardvark-v0', create: () => new CountEnv(), description: 'b' });
  assert.is(getSpec('Reg/Alpha-v0')?.description, 'a');
  assert.is(getSpec('Reg/Beta-v0'), undefined);
  const ids = registeredSpecs().map((s) => s.id);
  assert.ok(ids.indexOf('Reg/Aardvark-v0') < ids.indexOf('Reg/Alpha-v0'), 'sorted by id');
});

registerSuite('refuses a duplicate id, a malformed id and a bad step limit', () => {
  assert.throws(() => register({ id: 'Reg/Alpha-v0', create: () => new CountEnv(), description: '' }), (e: Error) => e instanceof EnvError && /already registered/.test(e.message));
  assert.throws(() => register({ id: 'NoVersion', create: () => new CountEnv(), description: '' }), (e: Error) => e instanceof UnknownEnvError && /Name-vN/.test(e.message));
  assert.throws(() => register({ id: 'Reg/Gamma-v0', create: () => new CountEnv(), maxEpisodeSteps: 2.5, description: '' }), (e: Error) => e instanceof EnvOptionError && /maxEpisodeSteps/.test(e.message));
  assert.throws(() => register({ id: 'Reg/Delta-v0' } as never), (e: Error) => e instanceof EnvOptionError && /create function/.test(e.message));
});

registerSuite.run();
