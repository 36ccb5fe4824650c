import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { register, benchmarkEnv, benchmarkedEnvIds } from '../../experiments/src/commands/bench-envs';
import { listEnvs } from '../../envs/src/registry/list-envs';
import { runCommand } from './helpers/run-command';

const registerSuite = suite('deeper bench envs');

registerSuite('--json prints one env-step line per benchmarked env', async () => {
  const lines = await runCommand('bench', register, ['envs', '--json', '--steps', '300', '--repeats', '1']);
  const ids = benchmarkedEnvIds();
  assert.is(lines.length, ids.length);
  lines.forEach((line, i) => {
    assert.match(line, /^\{"name":"env-step","env":"[^"]+","unit":"steps\/s","value":\d+\}$/);
    const result = JSON.parse(line);
    assert.is(result.env, ids[i]);
    assert.ok(result.value > 0);
  });
});

registerSuite('rejects a bad --steps', async () => {
  let error: Error | undefined;
  try {
    await runCommand('bench', register, ['envs', '--steps', 'many']);
  } catch (e) {
    error = e as Error;
  }
  assert.match(error?.message ?? '', /--steps to be a positive integer, but received "many"/);
  error = undefined;
  try {
    await runCommand('bench', register, ['envs', '--repeats', '0']);
  } catch (e) {
    error = e as Error;
  }
  assert.match(error?.message ?? '', /--repeats to be a positive integer, but received "0"/);
});

const idsSuite = suite('benchmarkedEnvIds');

idsSuite('is CartPole-v1 then every registered MinAtar -v0 game', () => {
  const minatarV0 = listEnvs().map((s) => s.id).filter((id) => id.startsWith('MinAtar/') && id.endsWith('-v0'));
  assert.equal(benchmarkedEnvIds(), ['CartPole-v1', ...minatarV0]);
});

const benchmarkEnvSuite = suite('benchmarkEnv');

benchmarkEnvSuite('runs past episode ends (auto-reset) and reports steps per second', () => {
  // 2 × 1000 random CartPole steps span many ~20-step episodes; a missing reset would throw.
  const result = benchmarkEnv('CartPole-v1', 1000, 2);
  assert.is(result.name, 'env-step');
  assert.is(result.unit, 'steps/s');
  assert.ok(Number.isInteger(result.value) && result.value > 0);
});

registerSuite.run();
idsSuite.run();
benchmarkEnvSuite.run();
