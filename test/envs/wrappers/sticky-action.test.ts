import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { StickyAction } from '../../../envs/src/wrappers/sticky-action';
import { EnvOptionError, InvalidActionError } from '../../../envs/src/errors';
import { CountEnv } from '../helpers/count-env';

const StickyActionSuite = suite('StickyAction');

StickyActionSuite('repeats the previous action with probability p, never on the first step', () => {
  const inner = new CountEnv(100000);
  const env = new StickyAction(inner, { repeatActionProbability: 0.25 });
  env.reset({ seed: 1 });
  env.step(2);
  let repeats = 0;
  const n = 20000;
  // Alternate 0 and 1: the env sees the other action exactly when the previous one stuck.
  for (let t = 0; t < n; t++) {
    const given = t % 2;
    env.step(given);
    if (inner.actions[inner.actions.length - 1] !== given) repeats++;
  }
  // A repeat keeps the previous *taken* action, which differs from `given` whenever the
  // previous step took the other value; with alternating input that is the case unless two
  // sticks in a row brought it back. P(taken ≠ given) = p/(1 + p) = 0.2 exactly.
  assert.ok(Math.abs(repeats / n - 0.2) < 0.015, String(repeats / n));
  inner.reset();
  env.reset({ seed: 2 });
  env.step(1);
  assert.is(inner.actions[inner.actions.length - 1], 1, 'first step after reset uses the given action');
});

StickyActionSuite('is deterministic under a reset seed', () => {
  const run = () => {
    const inner = new CountEnv(1000);
    const env = new StickyAction(inner, { repeatActionProbability: 0.5 });
    env.reset({ seed: 9 });
    for (let t = 0; t < 200; t++) env.step(t % 3);
    return inner.actions;
  };
  assert.equal(run(), run());
});

StickyActionSuite('rejects a bad probability, and a bad action even when it would be replaced', () => {
  assert.throws(() => new StickyAction(new CountEnv(), { repeatActionProbability: 1 }), (e: Error) => e instanceof EnvOptionError && /repeatActionProbability/.test(e.message));
  const env = new StickyAction(new CountEnv(), { repeatActionProbability: 0.9 });
  env.reset({ seed: 0 });
  env.step(1);
  assert.throws(() => env.step(7), (e: Error) => e instanceof InvalidActionError && /StickyAction.step expects an action in Discrete\(3\), but received 7/.test(e.message));
});

StickyActionSuite.run();
