import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Acrobot, acrobotDerivatives, rk4Step, wrap } from '../../../envs/src/classic-control/acrobot';
import { InvalidActionError, ResetNeededError } from '../../../envs/src/errors';

const AcrobotSuite = suite('Acrobot');

AcrobotSuite('a step from rest integrates the book dynamics with RK4 and returns cos/sin angles', () => {
  const env = new Acrobot();
  const start = env.reset({ options: { low: 0, high: 0 } }).observation;
  assert.equal(Array.from(start), [1, 0, 1, 0, 0, 0]);
  const { observation, reward, terminated } = env.step(2);
  const next = rk4Step((s) => acrobotDerivatives(s, 1), [0, 0, 0, 0], 0.2);
  const expected = [Math.cos(next[0]), Math.sin(next[0]), Math.cos(next[1]), Math.sin(next[1]), next[2], next[3]];
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(observation[i] - expected[i]) < 1e-6, `${i}: ${observation[i]} vs ${expected[i]}`);
  // Torque +1 at the elbow spins the second link forward and the first back.
  assert.ok(next[3] > 0 && next[2] < 0);
  assert.is(reward, -1);
  assert.is(terminated, false);
});

AcrobotSuite('reaches the goal line with an energy-pumping policy; the goal step pays 0', () => {
  const env = new Acrobot();
  let { observation } = env.reset({ seed: 0 });
  let steps = 0, result;
  do {
    // Torque in the direction the elbow swings adds energy.
    result = env.step(observation[5] > 0 ? 2 : 0);
    observation = result.observation;
    steps++;
    if (!result.terminated) assert.is(result.reward, -1);
  } while (!result.terminated && steps < 500);
  assert.ok(result.terminated, `not terminated after ${steps} steps`);
  assert.is(result.reward, 0);
  // −cos θ₁ − cos(θ₁ + θ₂) > 1, written with the observation's cos/sin: cos(a+b) = cos a cos b − sin a sin b.
  const [c1, s1, c2, s2] = observation;
  assert.ok(-c1 - (c1 * c2 - s1 * s2) > 1 - 1e-6);
  assert.throws(() => env.step(1), (e: Error) => e instanceof ResetNeededError);
  assert.throws(() => env.step(-1), (e: Error) => e instanceof InvalidActionError);
});

const acrobotDerivativesSuite = suite('acrobotDerivatives');

acrobotDerivativesSuite('matches the book equations worked by hand at rest with torque +1', () => {
  // θ₁ = θ₂ = θ̇₁ = θ̇₂ = 0, m = l = 1, lc = 0.5, I = 1, g = 9.8:
  // d1 = 1·0.25 + 1·(1 + 0.25 + 2·1·0.5·cos 0) + 1 + 1 = 4.5
  // d2 = 1·(0.25 + 1·0.5·cos 0) + 1 = 1.75
  // φ2 = 1·0.5·9.8·cos(−π/2) = 0;  φ1 = (1·0.5 + 1·1)·9.8·cos(−π/2) + φ2 = 0
  // θ̈₂ = (1 + (1.75/4.5)·0 − 0 − 0) / (1·0.25 + 1 − 1.75²/4.5) = 1 / 0.569444 = 1.756098
  // θ̈₁ = −(1.75·1.756098 + 0) / 4.5 = −0.682927
  const [d0, d1, dd1, dd2] = acrobotDerivatives([0, 0, 0, 0], 1);
  assert.is(d0, 0);
  assert.is(d1, 0);
  assert.ok(Math.abs(dd2 - 1.756098) < 1e-6, String(dd2));
  assert.ok(Math.abs(dd1 - -0.682927) < 1e-6, String(dd1));
});

acrobotDerivativesSuite('hanging at rest without torque is an equilibrium', () => {
  const d = acrobotDerivatives([0, 0, 0, 0], 0);
  for (const v of d) assert.ok(Math.abs(v) < 1e-12);
});

const rk4StepSuite = suite('rk4Step');

rk4StepSuite('on y′ = y it equals the Taylor series to fourth order', () => {
  const h = 0.2;
  const [y] = rk4Step((s) => [s[0]], [1], h);
  // RK4 on a linear equation gives 1 + h + h²/2 + h³/6 + h⁴/24 = 1.2214 exactly.
  assert.ok(Math.abs(y - (1 + h + h ** 2 / 2 + h ** 3 / 6 + h ** 4 / 24)) < 1e-15, String(y));
});

const wrapSuite = suite('wrap');

wrapSuite('maps angles into [-π, π] by whole turns', () => {
  assert.ok(Math.abs(wrap(4, -Math.PI, Math.PI) - (4 - 2 * Math.PI)) < 1e-15);
  assert.ok(Math.abs(wrap(-7, -Math.PI, Math.PI) - (-7 + 2 * Math.PI)) < 1e-15);
  assert.ok(Math.abs(wrap(10, -Math.PI, Math.PI) - (10 - 4 * Math.PI)) < 1e-14);
  assert.is(wrap(1, -Math.PI, Math.PI), 1);
});

AcrobotSuite.run();
acrobotDerivativesSuite.run();
rk4StepSuite.run();
wrapSuite.run();
