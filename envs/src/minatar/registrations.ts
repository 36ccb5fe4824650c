/**
 * Registers the five MinAtar games (Young & Tian 2019) under the reference's Gymnasium ids:
 * `MinAtar/<Game>-v0` with the full 6-action set, `MinAtar/<Game>-v1` with the game's
 * minimal set. Defaults are the paper's: sticky actions 0.1, difficulty ramping on. No
 * TimeLimit (MinAtar has no episode cap; Freeway's clock is part of its rules) and no reward
 * threshold (the paper defines none). Importing this module registers them once.
 */
import { getSpec, register } from '../registry/registry';
import type { MinAtarGameConstructor } from './minatar-game';
import { MinAtarEnv, minatarDefaults } from './minatar-env';
import { Breakout } from './breakout';
import { Asterix } from './asterix';
import { Freeway } from './freeway';
import { Seaquest } from './seaquest';
import { SpaceInvaders } from './space-invaders';

const games: readonly (readonly [string, MinAtarGameConstructor, string])[] = [
  ['Asterix', Asterix, 'Collect gold and dodge enemies crossing eight lanes'],
  ['Breakout', Breakout, 'Bounce a ball off a paddle into three rows of bricks'],
  ['Freeway', Freeway, 'Lead a chicken across eight lanes of traffic before the clock runs out'],
  ['Seaquest', Seaquest, 'Shoot fish and subs, rescue divers and surface for oxygen'],
  ['SpaceInvaders', SpaceInvaders, 'Shoot down a descending wave of aliens from a cannon'],
];

/** The ids this module registers, in `listEnvs` order. */
export const minatarEnvIds: readonly string[] = games.flatMap(([name]) => [`MinAtar/${name}-v0`, `MinAtar/${name}-v1`]);

for (const [name, Game, what] of games) {
  for (const minimal of [false, true]) {
    const id = `MinAtar/${name}-v${minimal ? 1 : 0}`;
    if (getSpec(id)) continue;
    register({
      id,
      create: (options) => new MinAtarEnv(Game, options),
      defaultOptions: {
        stickyActionProb: minatarDefaults.stickyActionProb,
        difficultyRamping: minatarDefaults.difficultyRamping,
        minimalActions: minimal,
        copyObservation: minatarDefaults.copyObservation,
        seed: minatarDefaults.seed,
        cellSize: minatarDefaults.cellSize,
      },
      maxEpisodeSteps: undefined,
      rewardThreshold: undefined,
      description: `MinAtar ${name}, 10×10 (${minimal ? 'minimal' : 'full 6-action'} set): ${what} (Young & Tian 2019)`,
    });
  }
}
