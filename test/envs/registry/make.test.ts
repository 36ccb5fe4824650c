import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { make, findSpec, closeMatches, editDistance } from '../../../envs/src/registry/make';
import { register } from '../../../envs/src/registry/registry';
import { TimeLimit } from '../../../envs/src/wrappers/time-limit';
import { CartPole } from '../../../envs/src/classic-control/cart-pole';
import { EnvOptionError, UnknownEnvError } from '../../../envs/src/errors';
import { CountEnv } from '../helpers/count-env';

register({
  id: 'Test/Count-v2',
  create: (options) => new CountEnv(options.length as number),
  defaultOptions: { length: 5 },
  maxEpisodeSteps: 3,
  rewardThreshold: 2,
  description: 'counting env for registry tests',
});
register({ id: 'Test/Count-v3', create: () => new CountEnv(4), description: 'no limit' });

const makeSuite = suite('make');

makeSuite('wraps in TimeLimit from the spec, records the spec and its threshold', () => {
  const env = make<Float32Array, number>('CartPole-v1');
  assert.instance(env, TimeLimit);
  assert.instance((env as TimeLimit<Float32Array, number>).unwrapped, CartPole);
  assert.is(env.spec?.id, 'CartPole-v1');
  assert.is(env.spec?.maxEpisodeSteps, 500);
  assert.is(env.spec?.rewardThreshold, 475);
  assert.is(make('MountainCar-v0').spec?.rewardThreshold, -110);
  assert.is(make('Acrobot-v1').spec?.maxEpisodeSteps, 500);
});

makeSuite('the limit truncates: a 5-step env under a 3-step limit ends truncated at step 3', () => {
  const env = make<Float32Array, number>('Test/Count-v2');
  env.reset();
  assert.is(env.step(1).truncated, false);
  assert.is(env.step(1).truncated, false);
  const third = env.step(1);
  assert.is(third.truncated, true);
  assert.is(third.terminated, false);
});

makeSuite('merges options over the defaults, and a MakeConfig can change or drop the limit', () => {
  const env = make<Float32Array, number>('Test/Count-v2', { length: 2 }, { maxEpisodeSteps: null });
  assert.not.instance(env, TimeLimit);
  assert.is(env.spec?.defaultOptions?.length, 2);
  env.reset();
  env.step(0);
  assert.is(env.step(0).terminated, true);
  const longer = make<Float32Array, number>('Test/Count-v3', {}, { maxEpisodeSteps: 2 });
  longer.reset();
  longer.step(0);
  assert.is(longer.step(0).truncated, true);
});

makeSuite('an unknown option names itself and the known ones', () => {
  assert.throws(() => make('Test/Count-v2', { lenght: 3 }), (e: Error) =>
    e instanceof EnvOptionError && /make\("Test\/Count-v2"\) expects options among "length", but received unknown option "lenght"/.test(e.message));
  assert.throws(() => make('CartPole-v1', {}, { maxEpisodeSteps: 0 }), (e: Error) => e instanceof EnvOptionError && /maxEpisodeSteps/.test(e.message));
});

makeSuite('an unknown id suggests close ids; a missing version lists the existing ones', () => {
  assert.throws(() => make('CartPol-v1'), (e: Error) => e instanceof UnknownEnvError && /received "CartPol-v1"; did you mean "CartPole-v1"\?/.test(e.message));
  assert.throws(() => make('cartpole-v1'), (e: Error) => e instanceof UnknownEnvError && /did you mean "CartPole-v1"/.test(e.message));
  assert.throws(() => make('CartPole-v0'), (e: Error) => e instanceof UnknownEnvError && /CartPole exists in version CartPole-v1/.test(e.message));
  assert.throws(() => make('Test/Count-v9'), (e: Error) => /Test\/Count exists in versions Test\/Count-v2, Test\/Count-v3/.test(e.message));
  assert.throws(() => make('Zebra-v1'), (e: Error) => e instanceof UnknownEnvError && /deeper envs list/.test(e.message));
  assert.throws(() => make(42 as never), (e: Error) => e instanceof UnknownEnvError && /received 42/.test(e.message));
  assert.is(findSpec('CartPole-v1').id, 'CartPole-v1');
});

const editDistanceSuite = suite('editDistance');

editDistanceSuite('counts insertions, deletions and substitutions', () => {
  assert.is(editDistance('kitten', 'sitting'), 3);
  assert.is(editDistance('', 'abc'), 3);
  assert.is(editDistance('same', 'same'), 0);
  assert.is(editDistance('CartPol-v1', 'CartPole-v1'), 1);
});

const closeMatchesSuite = suite('closeMatches');

closeMatchesSuite('returns up to three ids within a third of the length, closest first', () => {
  assert.equal(closeMatches('Brekout-v1', ['Breakout-v1', 'Breakout-v0', 'Freeway-v1']), ['Breakout-v1', 'Breakout-v0']);
  assert.equal(closeMatches('xyz', ['CartPole-v1']), []);
});

makeSuite.run();
editDistanceSuite.run();
closeMatchesSuite.run();
