import { lastValueFrom, take, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { act, actorSteps, checkDqnEnv, episodeSeed } from '../../packages/dqn/src/act';
import { ContinuousActionEnv, IdentityEnv, ReusingBufferEnv, WrongShapeEnv } from './helpers/toy-envs';

const ActorSteps = suite('actorSteps');

ActorSteps('emits (s, a, r, s′, terminated, truncated, info) with episodes delimited and counted', () => {
  const env = new IdentityEnv(3, 4);
  const steps = actorSteps(env, (o) => Array.from(o).indexOf(1), { seed: 5 });
  const ts = Array.from({ length: 9 }, () => steps.next().value);
  assert.equal(ts.map((t) => t.episode), [0, 0, 0, 0, 1, 1, 1, 1, 2]);
  assert.equal(ts.map((t) => t.episodeStep), [1, 2, 3, 4, 1, 2, 3, 4, 1]);
  assert.equal(ts.map((t) => t.truncated), [false, false, false, true, false, false, false, true, false]);
  assert.ok(ts.every((t) => t.reward === 1 && !t.terminated), 'the identity policy earns every reward');
  assert.equal(ts.map((t) => t.episodeReturn).slice(0, 4), [1, 2, 3, 4]);
  // s′ of one step is s of the next, within an episode.
  assert.equal(Array.from(ts[1].observation), Array.from(ts[0].nextObservation));
});

ActorSteps('resets episode k with episodeSeed(seed, k): a stream started at episode k sees the same episodes', () => {
  const first = actorSteps(new IdentityEnv(5, 3), () => 0, { seed: 9 });
  const all = Array.from({ length: 9 }, () => Array.from(first.next().value.observation));
  const later = actorSteps(new IdentityEnv(5, 3), () => 0, { seed: 9, firstEpisode: 2 });
  assert.equal(Array.from(later.next().value.observation), all[6]);
  assert.not.equal(episodeSeed(9, 0), episodeSeed(9, 1));
});

ActorSteps('copies observations, so that an env reusing one buffer (MinAtar) still yields distinct s and s′', () => {
  const env = new ReusingBufferEnv(1000, 10);
  const steps = actorSteps(env, () => 0, { seed: 3 });
  const ts = Array.from({ length: 5 }, () => steps.next().value);
  for (const t of ts) assert.not.equal(Array.from(t.observation), Array.from(t.nextObservation));
  assert.equal(Array.from(ts[1].observation), Array.from(ts[0].nextObservation));
});

ActorSteps('refuses a continuous action space and observations of the wrong size', () => {
  assert.throws(() => actorSteps(new ContinuousActionEnv(), () => 0).next(), /Discrete\(n\) action space.*but received Box/);
  assert.throws(() => actorSteps(new WrongShapeEnv(4), () => 0).next(), /observations of 4 elements \(shape \[4\]\), but the env returned 3 elements/);
});

const CheckDqnEnv = suite('checkDqnEnv');

CheckDqnEnv('reads actions, observation shape and storage dtype', () => {
  assert.equal(checkDqnEnv(new IdentityEnv(3), 'test'), { actions: 3, observationShape: [3], observationDtype: 'float32' });
});

const Act = suite('act');

Act('is a cold Observable: each subscription runs its own episodes; it completes after `frames`', async () => {
  const env = new IdentityEnv(2, 5);
  const stream = act(env, () => 0, 12, { seed: 1 });
  const a = await lastValueFrom(stream.pipe(toArray()));
  const b = await lastValueFrom(stream.pipe(toArray()));
  assert.is(a.length, 12);
  assert.equal(a.map((t) => t.reward), b.map((t) => t.reward));
  const firstThree = await lastValueFrom(act(env, () => 0, 1000).pipe(take(3), toArray()));
  assert.is(firstThree.length, 3);
});

ActorSteps.run();
CheckDqnEnv.run();
Act.run();
