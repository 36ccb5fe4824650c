/**
 * The colour of each observation channel of each MinAtar game, for `MinAtarEnv.render()` and
 * the terminal player. Chosen to read well on a dark background: the player warm and bright,
 * enemies red, rewards yellow, trails dim, so a still frame shows who moves where.
 */
import type { Rgb } from '../render/draw';

export const minatarPalettes: Readonly<Record<string, readonly Rgb[]>> = {
  Breakout: [
    [230, 230, 230], // paddle
    [255, 200, 40], // ball
    [120, 90, 30], // trail
    [200, 60, 60], // brick
  ],
  Asterix: [
    [80, 200, 255], // player
    [230, 50, 50], // enemy
    [90, 90, 110], // trail
    [255, 210, 0], // gold
  ],
  Freeway: [
    [255, 230, 40], // chicken
    [230, 60, 60], // car
    [40, 90, 200], // speed 1 trail (fastest)
    [50, 120, 190], // speed 2
    [60, 150, 170], // speed 3
    [70, 170, 140], // speed 4
    [80, 180, 110], // speed 5 (slowest)
  ],
  Seaquest: [
    [255, 220, 50], // sub front
    [200, 160, 30], // sub back
    [255, 255, 255], // friendly bullet
    [70, 80, 110], // trail
    [255, 120, 0], // enemy bullet
    [230, 50, 50], // enemy fish
    [180, 40, 160], // enemy sub
    [60, 200, 255], // oxygen gauge
    [120, 230, 120], // diver gauge
    [60, 220, 90], // diver
  ],
  SpaceInvaders: [
    [80, 230, 120], // cannon
    [230, 230, 230], // alien
    [200, 70, 200], // alien moving left
    [70, 150, 230], // alien moving right
    [255, 230, 60], // friendly bullet
    [255, 90, 60], // enemy bullet
  ],
};

/**
 * Drawing priority where channels overlap in a cell (first wins); games not listed draw in
 * channel order. Space Invaders marks every alien in channel 1 and again in its direction
 * channel, so the direction channels go first or the direction would never show; trails go
 * last everywhere.
 */
export const minatarDrawOrder: Readonly<Record<string, readonly number[]>> = {
  Seaquest: [0, 1, 2, 4, 5, 6, 9, 7, 8, 3],
  SpaceInvaders: [0, 4, 5, 2, 3, 1],
};

/** Background of empty cells. */
export const minatarBackground: Rgb = [12, 12, 20];
/** Grid lines between cells. */
export const minatarGrid: Rgb = [40, 40, 52];

/** The palette of `game`, or an evenly spaced hue wheel for a game without one. */
export function minatarPalette(game: string, channels: number): readonly Rgb[] {
  const known = minatarPalettes[game];
  if (known && known.length >= channels) return known;
  return Array.from({ length: channels }, (_, c) => hueColor(c / channels));
}

function hueColor(h: number): Rgb {
  const k = (n: number) => (n + h * 6) % 6;
  const f = (n: number) => Math.round(255 * (1 - Math.max(0, Math.min(k(n), 4 - k(n), 1))));
  return [f(5), f(3), f(1)];
}
