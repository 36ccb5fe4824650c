/** What the MinAtar game tests share: reading a game's observation and listing set cells. */
import type { MinAtarGame } from '../../../envs/src/minatar/minatar-game';

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
