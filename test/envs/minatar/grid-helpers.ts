/** What the MinAtar game tests share: reading a game's observation, listing set cells, same-seed episodes. */
import * as assert from 'uvu/assert';
import type { MinAtarGame, MinAtarGameConstructor } from '../../../envs/src/minatar/minatar-game';
import { MinAtarEnv } from '../../../envs/src/minatar/minatar-env';
import { Rng } from '../../../envs/src/rng';

/** The game's current observation, written into a fresh zeroed 10×10×C buffer. */
export function observe(game: MinAtarGame): Uint8Array {
  const obs = new Uint8Array(10 * 10 * game.channels.length);
  game.writeObservation(obs);
  return obs;
}

/** For C channels: the cells (as `row,col` strings, row-major) where `channel` is set. */
export function cellsOf(channelCount: number): (obs: Uint8Array, channel: number) => string[] {
  return (obs, channel) => {
    const out: string[] = [];
    for (let r = 0; r < 10; r++) for (let c = 0; c < 10; c++) if (obs[(r * 10 + c) * channelCount + channel] === 1) out.push(`${r},${c}`);
    return out;
  };
}

/**
 * Plays two `MinAtarEnv`s of `Game` reset with the same seed through `steps` equal random
 * actions (sticky actions on), asserting equal observations, rewards and ends; returns how
 * many episodes ended.
 */
export function assertSameSeedEpisodes(Game: MinAtarGameConstructor, steps = 1000, seed = 77): number {
  const a = new MinAtarEnv(Game);
  const b = new MinAtarEnv(Game);
  const policy = new Rng(9);
  let obsA = a.reset({ seed }).observation;
  let obsB = b.reset({ seed }).observation;
  let episodes = 0;
  for (let t = 0; t < steps; t++) {
    assert.equal(obsA, obsB);
    const action = policy.nextInt(6);
    const stepA = a.step(action);
    const stepB = b.step(action);
    assert.is(stepA.reward, stepB.reward);
    assert.is(stepA.terminated, stepB.terminated);
    obsA = stepA.observation;
    obsB = stepB.observation;
    if (stepA.terminated) {
      episodes++;
      obsA = a.reset().observation;
      obsB = b.reset().observation;
    }
  }
  return episodes;
}
