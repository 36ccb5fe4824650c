import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { listEnvs } from '../../../envs/src/registry/list-envs';

const listEnvsSuite = suite('listEnvs');

listEnvsSuite('lists the classic-control envs with Gymnasium limits and thresholds, sorted', () => {
  const specs = listEnvs();
  const byId = new Map(specs.map((s) => [s.id, s]));
  assert.is(byId.get('CartPole-v1')?.maxEpisodeSteps, 500);
  assert.is(byId.get('CartPole-v1')?.rewardThreshold, 475);
  assert.is(byId.get('MountainCar-v0')?.maxEpisodeSteps, 200);
  assert.is(byId.get('MountainCar-v0')?.rewardThreshold, -110);
  assert.is(byId.get('Acrobot-v1')?.maxEpisodeSteps, 500);
  assert.is(byId.get('Acrobot-v1')?.rewardThreshold, -100);
  const ids = specs.map((s) => s.id);
  assert.equal(ids, [...ids].sort());
  for (const s of specs) assert.ok(s.description.length > 0, s.id);
});

listEnvsSuite.run();
