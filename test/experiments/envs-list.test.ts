import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { register, listEnvironments, formatEnvTable } from '../../experiments/src/commands/envs-list';
import { listEnvs } from '../../envs/src/registry/list-envs';
import { runCommand } from './helpers/run-command';

const registerSuite = suite('deeper envs list');

registerSuite('prints a table: header, then one row per registered env with spaces, limit, threshold', async () => {
  const lines = await runCommand('envs', register, ['list']);
  assert.match(lines[0], /^id\s+actions\s+observations\s+max steps\s+threshold\s+description$/);
  assert.is(lines.length, 1 + listEnvs().length);
  const cartPole = lines.find((l) => l.startsWith('CartPole-v1 '));
  assert.ok(cartPole, 'CartPole-v1 row');
  assert.match(cartPole!, /Discrete\(2\)\s+Box\(\[-4\.8, .*\], \[4\], float32\)\s+500\s+475\s+Balance a pole/);
  assert.match(lines.find((l) => l.startsWith('MountainCar-v0 '))!, /Discrete\(3\)\s+Box\(\[-1\.2, -0\.07\], \[0\.6, 0\.07\], \[2\], float32\)\s+200\s+-110/);
});

registerSuite('--json prints one object per env with the same facts', async () => {
  const lines = await runCommand('envs', register, ['list', '--json']);
  const objects = lines.map((l) => JSON.parse(l));
  assert.equal(objects, listEnvironments());
  const acrobot = objects.find((o) => o.id === 'Acrobot-v1');
  assert.equal(acrobot, {
    id: 'Acrobot-v1', actionSpace: 'Discrete(3)', observationSpace: acrobot.observationSpace,
    maxEpisodeSteps: 500, rewardThreshold: -100, description: acrobot.description,
  });
  assert.match(acrobot.observationSpace, /\[6\], float32\)$/);
});

const formatSuite = suite('formatEnvTable');

formatSuite('pads columns to their widest cell and prints - for missing facts', () => {
  const table = formatEnvTable([
    { id: 'A-v0', actionSpace: 'Discrete(2)', observationSpace: 'Box(0, 1, [1], float32)', maxEpisodeSteps: null, rewardThreshold: null, description: 'a' },
    { id: 'Longer-v10', actionSpace: 'Discrete(18)', observationSpace: 'B', maxEpisodeSteps: 5, rewardThreshold: 1.5, description: 'b' },
  ]).split('\n');
  assert.is(table[1], 'A-v0        Discrete(2)   Box(0, 1, [1], float32)  -          -          a');
  assert.is(table[2], 'Longer-v10  Discrete(18)  B                        5          1.5        b');
});

registerSuite.run();
formatSuite.run();
