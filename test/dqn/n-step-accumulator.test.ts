import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NStepAccumulator, type OneStep } from '../../packages/dqn/src/n-step-accumulator';

const NStep = suite('NStepAccumulator');

const step = (t: number, reward: number, terminated = false, truncated = false): OneStep => ({
  observation: [t], action: t, reward, nextObservation: [t + 1], terminated, truncated,
});

NStep('passes one-step transitions through when n = 1', () => {
  const acc = new NStepAccumulator(1, 0.9);
  const out = acc.push(step(0, 2));
  assert.equal(out.map((t) => [t.reward, t.steps, Array.from(t.nextObservation)]), [[2, 1, [1]]]);
});

NStep('sums n discounted rewards and bootstraps from the n-th next observation', () => {
  const acc = new NStepAccumulator(3, 0.5);
  assert.is(acc.push(step(0, 1)).length, 0);
  assert.is(acc.push(step(1, 2)).length, 0);
  const [t] = acc.push(step(2, 4));
  assert.is(t.reward, 1 + 0.5 * 2 + 0.25 * 4);
  assert.is(t.steps, 3);
  assert.equal(Array.from(t.observation), [0]);
  assert.equal(Array.from(t.nextObservation), [3]);
  const [u] = acc.push(step(3, 8));
  assert.is(u.reward, 2 + 0.5 * 4 + 0.25 * 8);
  assert.is(u.action, 1);
});

NStep('at a termination flushes shorter transitions that do not bootstrap, and never spans episodes', () => {
  const acc = new NStepAccumulator(3, 0.5);
  acc.push(step(0, 1));
  const out = acc.push(step(1, 2, true));
  assert.equal(out.map((t) => [t.action, t.reward, t.steps, t.terminated, Array.from(t.nextObservation)]), [
    [0, 1 + 0.5 * 2, 2, true, [2]],
    [1, 2, 1, true, [2]],
  ]);
  // The next episode starts empty.
  assert.is(acc.push(step(10, 1)).length, 0);
});

NStep('at a truncation flushes transitions that still bootstrap with γ^k', () => {
  const acc = new NStepAccumulator(2, 0.5);
  acc.push(step(0, 1));
  const full = acc.push(step(1, 2));
  assert.equal(full.map((t) => [t.action, t.steps, t.terminated, t.truncated]), [[0, 2, false, false]]);
  const out = acc.push(step(2, 4, false, true));
  assert.equal(out.map((t) => [t.action, t.reward, t.steps, t.terminated, t.truncated]), [
    [1, 2 + 0.5 * 4, 2, false, true],
    [2, 4, 1, false, true],
  ]);
});

NStep('copies observations so that an env reusing its arrays cannot change them', () => {
  const acc = new NStepAccumulator(2, 0.9);
  const shared = new Float32Array([1]);
  acc.push({ ...step(0, 0), observation: shared, nextObservation: shared });
  shared[0] = 99;
  const [t] = acc.push(step(1, 0));
  assert.equal(Array.from(t.observation), [1]);
});

NStep('refuses bad n and γ', () => {
  assert.throws(() => new NStepAccumulator(0, 0.9), /n to be an integer in \[1, 255\], but received 0/);
  assert.throws(() => new NStepAccumulator(2, 1.5), /gamma/);
});

NStep.run();
