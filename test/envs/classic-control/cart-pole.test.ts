import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CartPole } from '../../../envs/src/classic-control/cart-pole';
import { EnvError, EnvOptionError, InvalidActionError, ResetNeededError } from '../../../envs/src/errors';

const CartPoleSuite = suite('CartPole');

function close(actual: ArrayLike<number>, expected: number[], tolerance = 1e-6): void {
  assert.is(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) < tolerance, `element ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

CartPoleSuite('one step from rest matches the equations of motion worked by hand', () => {
  const env = new CartPole();
  // low = high pins the start state: x = ẋ = θ = θ̇ = 0.
  const start = env.reset({ seed: 0, options: { low: 0, high: 0 } });
  close(start.observation, [0, 0, 0, 0]);
  const step = env.step(1);
  // force = +10; total mass 1.1; pole mass·half-length = 0.1·0.5 = 0.05; sin θ = 0, cos θ = 1.
  // temp = (10 + 0.05·0²·0) / 1.1 = 9.090909
  // θ̈ = (9.8·0 − 1·9.090909) / (0.5·(4/3 − 0.1·1²/1.1)) = −9.090909 / 0.621212 = −14.634146
  // ẍ = 9.090909 − 0.05·(−14.634146)·1/1.1 = 9.090909 + 0.665189 = 9.756098
  // Euler with τ = 0.02: x = 0 + 0.02·0 = 0, ẋ = 0.02·9.756098 = 0.195122,
  //                      θ = 0 + 0.02·0 = 0, θ̇ = 0.02·(−14.634146) = −0.292683
  close(step.observation, [0, 0.195122, 0, -0.292683]);
  assert.is(step.reward, 1);
  assert.is(step.terminated, false);
  assert.is(step.truncated, false);
});

CartPoleSuite('a step from a tilted state uses sin θ and cos θ (θ = 0.01 everywhere)', () => {
  const env = new CartPole();
  env.reset({ options: { low: 0.01, high: 0.01 } });
  const { observation } = env.step(0);
  // x = ẋ = θ = θ̇ = 0.01, force = −10. sin 0.01 = 0.00999983, cos 0.01 = 0.99995.
  // temp = (−10 + 0.05·0.0001·0.00999983) / 1.1 = −9.090909
  // θ̈ = (9.8·0.00999983 − 0.99995·(−9.090909)) / (0.5·(4/3 − 0.1·0.99990/1.1))
  //    = (0.0979983 + 9.090454) / (0.5·1.242433) = 9.188453 / 0.621217 = 14.791 (to 5 figures)
  const sin = Math.sin(0.01), cos = Math.cos(0.01);
  const temp = (-10 + 0.05 * 0.01 * 0.01 * sin) / 1.1;
  const thetaAcc = (9.8 * sin - cos * temp) / (0.5 * (4 / 3 - (0.1 * cos * cos) / 1.1));
  assert.ok(Math.abs(thetaAcc - 14.791) < 1e-3, String(thetaAcc));
  const xAcc = temp - (0.05 * thetaAcc * cos) / 1.1;
  close(observation, [0.01 + 0.02 * 0.01, 0.01 + 0.02 * xAcc, 0.01 + 0.02 * 0.01, 0.01 + 0.02 * thetaAcc], 1e-6);
});

CartPoleSuite('terminates when the pole passes 12°, and then refuses to step', () => {
  const env = new CartPole();
  env.reset({ seed: 3 });
  let steps = 0, last;
  do {
    last = env.step(1);
    steps++;
  } while (!last.terminated && steps < 500);
  assert.ok(last.terminated);
  // Always pushing right tips the pole left: θ < −12° = −0.20944 rad.
  assert.ok(last.observation[2] < -(12 * Math.PI) / 180, String(last.observation[2]));
  assert.ok(steps < 50, String(steps));
  assert.is(last.reward, 1);
  assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeededError && /call reset\(\) first/.test(e.message));
  env.reset();
  env.step(0);
});

CartPoleSuite('starts uniformly within ±0.05 and repeats the start under the same seed', () => {
  const env = new CartPole();
  const a = env.reset({ seed: 123 }).observation;
  for (const v of a) assert.ok(Math.abs(v) <= 0.05);
  assert.equal(env.reset({ seed: 123 }).observation, a);
  assert.not.equal(env.reset({ seed: 124 }).observation, a);
  assert.ok(env.observationSpace.contains(a));
});

CartPoleSuite('rejects bad actions, seeds and options', () => {
  const env = new CartPole();
  assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeededError && /before the first reset/.test(e.message));
  env.reset({ seed: 1 });
  assert.throws(() => env.step(2), (e: Error) => e instanceof InvalidActionError && /Discrete\(2\).*but received 2/.test(e.message));
  assert.throws(() => env.step(0.5 as number), (e: Error) => e instanceof InvalidActionError);
  assert.throws(() => env.reset({ seed: -1 }), (e: Error) => e instanceof EnvError && /non-negative integer, but received -1/.test(e.message));
  assert.throws(() => env.reset({ seed: 1.5 }), (e: Error) => e instanceof EnvError);
  assert.throws(() => env.reset({ options: { lo: 0 } }), (e: Error) => e instanceof EnvOptionError && /"low", "high".*"lo"/.test(e.message));
  assert.throws(() => new CartPole({ gravity: 1 } as never), (e: Error) => e instanceof EnvOptionError && /"gravity"/.test(e.message));
});

CartPoleSuite('renders a 600 × 400 frame whose cart moves with x', () => {
  const env = new CartPole();
  env.reset({ options: { low: 0, high: 0 } });
  const frame = env.render();
  assert.is(frame.width, 600);
  assert.is(frame.height, 400);
  assert.is(frame.data.length, 600 * 400 * 3);
  // The cart (black) is centred at x = 300 on the track row y = 300.
  const at = (x: number, y: number) => Array.from(frame.data.subarray((y * 600 + x) * 3, (y * 600 + x) * 3 + 3));
  assert.equal(at(300 - 20, 305), [0, 0, 0]);
  assert.equal(at(100, 200), [255, 255, 255]);
});

CartPoleSuite.run();
