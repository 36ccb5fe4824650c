import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { register, rollout, meanAndSem, summarize, parseIntegerOption } from '../../experiments/src/commands/envs-rollout';
import { make } from '../../envs/src/registry/make';
import { EnvOptionError, UnknownEnvError } from '../../envs/src/errors';
import { runCommand } from './helpers/run-command';

const registerSuite = suite('deeper envs rollout');

registerSuite('--json prints one line per episode and the exact summary line last', async () => {
  const lines = await runCommand('envs', register, ['rollout', '--env', 'CartPole-v1', '--episodes', '4', '--policy', 'random', '--seed', '3', '--json']);
  assert.is(lines.length, 5);
  const episodes = lines.slice(0, 4).map((l) => JSON.parse(l));
  episodes.forEach((e, i) => {
    assert.equal(Object.keys(e), ['episode', 'return', 'length']);
    assert.is(e.episode, i + 1);
  });
  const last = lines[4];
  assert.match(last, /^\{"episodes":4,"mean_return":[-0-9.e]+,"sem_return":[-0-9.e]+,"mean_length":[-0-9.e]+,"sem_length":[-0-9.e]+\}$/);
  const summary = JSON.parse(last);
  // CartPole pays 1 per step, so returns equal lengths; work the summary out by hand.
  const returns = episodes.map((e) => e.return);
  assert.equal(returns, episodes.map((e) => e.length));
  const mean = returns.reduce((a, b) => a + b, 0) / 4;
  const sd = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
  assert.ok(Math.abs(summary.mean_return - mean) < 1e-12);
  assert.ok(Math.abs(summary.sem_return - sd / 2) < 1e-12);
  assert.ok(Math.abs(summary.mean_length - mean) < 1e-12);
});

registerSuite('the same seed gives the same episodes; the text form prints each and a summary', async () => {
  const args = ['rollout', '--env', 'MountainCar-v0', '--episodes', '2', '--seed', '1'];
  const a = await runCommand('envs', register, args);
  const b = await runCommand('envs', register, args);
  assert.equal(a, b);
  assert.equal(a.slice(0, 2), ['episode 1: return -200, length 200', 'episode 2: return -200, length 200']);
  assert.is(a[2], '2 episodes of MountainCar-v0: return -200.00 ± 0.00, length 200.0 ± 0.0 (mean ± SEM)');
});

registerSuite('bad input says what was expected and what was received', async () => {
  const fails = async (args: string[], check: (e: Error) => boolean) => {
    let error: Error | undefined;
    try {
      await runCommand('envs', register, ['rollout', ...args]);
    } catch (e) {
      error = e as Error;
    }
    assert.ok(error && check(error), `${args.join(' ')}: ${error?.message}`);
  };
  await fails(['--env', 'CartPole-v1', '--episodes', '0'], (e) => e instanceof EnvOptionError && /--episodes to be a positive integer, but received "0"/.test(e.message));
  await fails(['--env', 'CartPole-v1', '--seed', '-1'], (e) => /--seed to be a non-negative integer, but received "-1"/.test(e.message));
  await fails(['--env', 'CartPole-v1', '--seed', '1.5'], (e) => /--seed .* but received "1.5"/.test(e.message));
  await fails(['--env', 'CartPole-v1', '--policy', 'greedy'], (e) => /--policy to be "random", but received "greedy"/.test(e.message));
  await fails(['--env', 'CartPol-v1'], (e) => e instanceof UnknownEnvError && /did you mean "CartPole-v1"/.test(e.message));
  await fails([], (e) => /--env/.test(e.message));
});

const meanAndSemSuite = suite('meanAndSem');

meanAndSemSuite('uses the sample standard deviation over √n, and 0 for one value', () => {
  // 34, 19, 10: mean 21; squared deviations 169 + 4 + 121 = 294; s² = 147; SEM = √(147/3) = 7.
  assert.equal(meanAndSem([34, 19, 10]), { mean: 21, sem: 7 });
  assert.equal(meanAndSem([5]), { mean: 5, sem: 0 });
});

const rolloutSuite = suite('rollout');

rolloutSuite('plays whole episodes: each ends by termination or the limit, and summarize keeps the key order', () => {
  const outcomes = rollout({ env: 'Acrobot-v1', episodes: 2, policy: 'random', seed: 0 });
  for (const o of outcomes) {
    assert.ok(o.length >= 1 && o.length <= make('Acrobot-v1').spec!.maxEpisodeSteps!);
    // −1 per step except 0 on the goal step.
    assert.ok(o.return === -o.length || o.return === -(o.length - 1));
  }
  assert.equal(Object.keys(summarize(outcomes)), ['episodes', 'mean_return', 'sem_return', 'mean_length', 'sem_length']);
  assert.is(parseIntegerOption('x', '--n', ' 12 ', 1), 12);
  assert.throws(() => parseIntegerOption('x', '--n', '1e3', 1), /received "1e3"/);
});

registerSuite.run();
meanAndSemSuite.run();
rolloutSuite.run();
