/** What the MinAtar game tests share: reading a game's observation, listing set cells, same-seed play. */
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

/**
 * Plays two games made by `make` (equally seeded) through `steps` equal random actions,
 * resetting both when one ends, and asserts after every step equal rewards, ends and
 * observations, a binary observation, and whatever `check` adds.
 */
export function assertTwinGamesReplay(make: () => MinAtarGame, steps = 1000, check?: (obs: Uint8Array, game: MinAtarGame) => void): void {
  const a = make();
  const b = make();
  const policy = new Rng(3);
  const obsA = new Uint8Array(10 * 10 * a.channels.length);
  const obsB = new Uint8Array(obsA.length);
  for (let t = 0; t < steps; t++) {
    if (a.terminal) {
      a.reset();
      b.reset();
    }
    const action = policy.nextInt(6);
    assert.is(a.act(action), b.act(action));
    obsA.fill(0);
    obsB.fill(0);
    a.writeObservation(obsA);
    b.writeObservation(obsB);
    assert.equal(obsA, obsB);
    assert.ok(obsA.every((v) => v <= 1));
    assert.is(a.terminal, b.terminal);
    check?.(obsA, a);
  }
}
