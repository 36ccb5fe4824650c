import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { minatarEnvIds } from '../../../envs/src/minatar/registrations';
import { getSpec } from '../../../envs/src/registry/registry';
import { make } from '../../../envs/src/registry/make';
import { MinAtarEnv } from '../../../envs/src/minatar/minatar-env';
import type { Discrete } from '../../../envs/src/spaces/discrete';

const R = suite('minatarEnvIds');

R('registers -v0 and -v1 of the five games, without time limit or threshold', () => {
  const games = ['Asterix', 'Breakout', 'Freeway', 'Seaquest', 'SpaceInvaders'];
  assert.equal([...minatarEnvIds], games.flatMap((g) => [`MinAtar/${g}-v0`, `MinAtar/${g}-v1`]));
  for (const id of minatarEnvIds) {
    const spec = getSpec(id);
    assert.ok(spec, id);
    assert.is(spec!.maxEpisodeSteps, undefined);
    assert.is(spec!.rewardThreshold, undefined);
    assert.ok(spec!.description.length > 10);
    assert.is(spec!.defaultOptions!.stickyActionProb, 0.1);
    assert.is(spec!.defaultOptions!.difficultyRamping, true);
    assert.is(spec!.defaultOptions!.minimalActions, id.endsWith('-v1'));
  }
});

R('make builds the game with the version’s action set and no TimeLimit', () => {
  const channels: Record<string, number> = { Asterix: 4, Breakout: 4, Freeway: 7, Seaquest: 10, SpaceInvaders: 6 };
  const minimal: Record<string, number> = { Asterix: 5, Breakout: 3, Freeway: 3, Seaquest: 6, SpaceInvaders: 4 };
  for (const [game, c] of Object.entries(channels)) {
    const v0 = make<Uint8Array, number>(`MinAtar/${game}-v0`);
    assert.ok(v0 instanceof MinAtarEnv, 'not wrapped in a TimeLimit');
    assert.equal(v0.observationSpace.shape, [10, 10, c]);
    assert.is((v0.actionSpace as Discrete).n, 6);
    const v1 = make<Uint8Array, number>(`MinAtar/${game}-v1`, { stickyActionProb: 0 });
    assert.is((v1.actionSpace as Discrete).n, minimal[game]);
    assert.is((v1 as MinAtarEnv).config.stickyActionProb, 0);
    v1.reset({ seed: 0 });
    v1.step(0);
  }
});

R.run();
