/**
 * MinAtar Space Invaders (Young & Tian 2019, arXiv:1903.03176; rules in shared/minatar-rules.md).
 *
 * ## Description
 * The player moves a cannon along the bottom row and shoots upward at a block of 24 aliens
 * (rows 0–3 × columns 2–7 at the start of each wave). The block moves sideways one column at
 * a time; when an alien is in the edge column it is heading for, the block instead steps down
 * one row and reverses. The block moves when its move timer runs out, and the timer reloads
 * with `min(#aliens, move interval)`, so a thinned block speeds up until a lone alien moves
 * every frame. Every 11 frames the lowest alien of the alien column nearest the cannon (ties:
 * the left one) drops a bullet. Clearing a wave brings a fresh block of 24 and lowers the move
 * interval by one (12 → at least 6).
 *
 * ## Action Space
 * The full set (`MINATAR_ACTIONS`): 0 no-op, 1 left, 2 up, 3 right, 4 down, 5 fire; up and
 * down act as no-ops. Minimal set (`-v1`): [0, 1, 3, 5]. Fire launches a bullet from the
 * cannon if the cool-down (5 frames) has run out; a fire action never moves the cannon.
 *
 * ## Observation Space
 * 10×10×6 booleans: 0 cannon, 1 alien, 2 alien moving left, 3 alien moving right (every alien
 * is in exactly one of 2 and 3, telling the block's heading), 4 friendly bullet, 5 enemy bullet.
 *
 * ## Rewards
 * +1 per alien hit; one frame may earn several.
 *
 * ## Starting State
 * Cannon at row 9, column 5; 24 aliens heading left; no bullets; the block first moves on
 * frame 13 and the first alien bullet falls on frame 11.
 *
 * ## Episode End
 * Terminated when an enemy bullet reaches the cannon's cell, when an alien is in the cannon's
 * cell (before or after the block moves), or when the block must step down while an alien is
 * already in row 9. Never truncated by the game.
 *
 * ## Frame order
 * 1. The player's action (a new bullet starts in row 9). 2. Friendly bullets rise one row and
 * enemy bullets fall one row; bullets leaving the grid vanish. 3. Enemy bullet or alien on the
 * cannon → terminated. 4. If the move timer is 0, it reloads and the block moves (sideways, or
 * down and reverse); alien on the cannon → terminated. 5. If the shot timer is 0, it reloads
 * to 10 and the nearest alien drops a bullet in its own cell (it falls from the next frame).
 * 6. Aliens sharing a cell with a friendly bullet die with it, +1 each. 7. The three timers
 * count down (the move and shot timers every frame, the cool-down to 0). 8. No alien left →
 * a new wave (move interval −1 if ramping, at least 6); heading and timers carry on.
 *
 * ## Version History
 * - v0 / v1 (ids `MinAtar/SpaceInvaders-v0` full action set, `-v1` minimal): the rules of the
 *   reference MinAtar (unchanged since its first release as far as its changelog tells).
 *
 * ## Deviations and quirks
 * - A bullet and an alien moving towards each other can swap cells in one frame without a
 *   hit, as in the reference (hits are only checked on shared cells after both moved).
 * - When the block must step down while an alien is in row 9, the episode ends and, as in the
 *   reference's wrapping shift, that row reappears in row 0 of the final observation.
 * - Checked against the reference (MinAtar 1.0.15): from 20,000 random scripted states and
 *   from 1,000 full episodes under random action mixes, observations, rewards and terminations
 *   agree on every frame (246,395 in all).
 * - The game uses no random draw at all: the `rng` is accepted for the common contract, and
 *   only the env's sticky actions make episodes differ.
 */
import type { Rng } from '../rng';
import type { MinAtarGame, MinAtarGameOptions } from './minatar-game';

/** Frames the player must wait between shots (reference: 5). */
const SHOT_COOL_DOWN = 5;
/** Move interval of the first wave (reference: 12). */
const INITIAL_MOVE_INTERVAL = 12;
/** The smallest move interval ramping reaches (reference: 6). */
const MIN_MOVE_INTERVAL = 6;
/** Alien shot timer reload (reference: 10, a shot every 11 frames). */
const ENEMY_SHOT_INTERVAL = 10;
/** A full row of the starting block: columns 2–7, one bit per column. */
const WAVE_ROW = 0b0011111100;
/** Rows of the starting block. */
const WAVE_ROWS = 4;
/** Observation channels. */
const C = 6;
const LEFT_EDGE = 1;
const RIGHT_EDGE = 1 << 9;

/** Number of set bits in a 10-bit row mask. */
function popcount10(m: number): number {
  let n = 0;
  while (m !== 0) {
    m &= m - 1;
    n++;
  }
  return n;
}

export class SpaceInvaders implements MinAtarGame {
  readonly name = 'SpaceInvaders';
  readonly channels = ['cannon', 'alien', 'alien_left', 'alien_right', 'friendly_bullet', 'enemy_bullet'] as const;
  readonly minimalActions = [0, 1, 3, 5] as const;
  terminal = false;

  // Public so tests can build a state; only `act` and `reset` change them during play. The
  // maps hold one 10-bit mask per row, bit c for column c.
  /** Aliens, one mask per row. */
  readonly aliens = new Int32Array(10);
  /** Friendly bullets, one mask per row. */
  readonly friendlyBullets = new Int32Array(10);
  /** Enemy bullets, one mask per row. */
  readonly enemyBullets = new Int32Array(10);
  /** Cannon column, 0..9 (row 9). */
  cannon = 5;
  /** Block heading: −1 left, +1 right. */
  direction = -1;
  /** Move timer reload before `min(#aliens, ·)` (ramps 12 → 6). */
  moveInterval = INITIAL_MOVE_INTERVAL;
  /** Frames until the block moves. */
  moveTimer = INITIAL_MOVE_INTERVAL;
  /** Frames until the next alien shot. */
  alienShotTimer = ENEMY_SHOT_INTERVAL;
  /** Waves cleared with ramping on. */
  rampIndex = 0;
  /** Frames until the player may fire again. */
  shotTimer = 0;

  private readonly ramping: boolean;

  // The game draws nothing at random; `rng` is part of the common constructor contract.
  constructor(_rng: Rng, options: MinAtarGameOptions) {
    this.ramping = options.ramping;
    this.reset();
  }

  reset(): void {
    this.terminal = false;
    this.aliens.fill(0);
    this.friendlyBullets.fill(0);
    this.enemyBullets.fill(0);
    for (let r = 0; r < WAVE_ROWS; r++) this.aliens[r] = WAVE_ROW;
    this.cannon = 5;
    this.direction = -1;
    this.moveInterval = INITIAL_MOVE_INTERVAL;
    this.moveTimer = Math.min(this.alienCount(), this.moveInterval);
    this.alienShotTimer = ENEMY_SHOT_INTERVAL;
    this.rampIndex = 0;
    this.shotTimer = 0;
  }

  /** Aliens alive. */
  alienCount(): number {
    let n = 0;
    for (let r = 0; r < 10; r++) n += popcount10(this.aliens[r]);
    return n;
  }

  act(action: number): number {
    if (this.terminal) return 0;
    const aliens = this.aliens;
    const fb = this.friendlyBullets;
    const eb = this.enemyBullets;

    if (action === 5) {
      if (this.shotTimer === 0) {
        fb[9] |= 1 << this.cannon;
        this.shotTimer = SHOT_COOL_DOWN;
      }
    } else if (action === 1) {
      if (this.cannon > 0) this.cannon--;
    } else if (action === 3) {
      if (this.cannon < 9) this.cannon++;
    }
    const cannonBit = 1 << this.cannon;

    for (let r = 0; r < 9; r++) fb[r] = fb[r + 1];
    fb[9] = 0;
    for (let r = 9; r > 0; r--) eb[r] = eb[r - 1];
    eb[0] = 0;
    if ((eb[9] & cannonBit) !== 0) this.terminal = true;

    if ((aliens[9] & cannonBit) !== 0) this.terminal = true;
    if (this.moveTimer === 0) {
      this.moveTimer = Math.min(this.alienCount(), this.moveInterval);
      let any = 0;
      for (let r = 0; r < 10; r++) any |= aliens[r];
      if (((any & LEFT_EDGE) !== 0 && this.direction < 0) || ((any & RIGHT_EDGE) !== 0 && this.direction > 0)) {
        this.direction = -this.direction;
        if (aliens[9] !== 0) this.terminal = true;
        const bottom = aliens[9];
        for (let r = 9; r > 0; r--) aliens[r] = aliens[r - 1];
        aliens[0] = bottom;
      } else if (this.direction < 0) {
        for (let r = 0; r < 10; r++) aliens[r] >>= 1;
      } else {
        for (let r = 0; r < 10; r++) aliens[r] = (aliens[r] << 1) & 0x3ff;
      }
      if ((aliens[9] & cannonBit) !== 0) this.terminal = true;
    }

    if (this.alienShotTimer === 0) {
      this.alienShotTimer = ENEMY_SHOT_INTERVAL;
      this.dropBulletFromNearestAlien();
    }

    let reward = 0;
    for (let r = 0; r < 10; r++) {
      const kills = aliens[r] & fb[r];
      if (kills !== 0) {
        reward += popcount10(kills);
        aliens[r] &= ~kills;
        fb[r] &= ~kills;
      }
    }

    if (this.shotTimer > 0) this.shotTimer--;
    this.moveTimer--;
    this.alienShotTimer--;

    if (reward > 0 && this.alienCount() === 0) {
      if (this.ramping && this.moveInterval > MIN_MOVE_INTERVAL) {
        this.moveInterval--;
        this.rampIndex++;
      }
      for (let r = 0; r < WAVE_ROWS; r++) aliens[r] = WAVE_ROW;
    }
    return reward;
  }

  writeObservation(obs: Uint8Array): void {
    obs[(90 + this.cannon) * C] = 1;
    const headingChannel = this.direction < 0 ? 2 : 3;
    for (let r = 0; r < 10; r++) {
      const a = this.aliens[r];
      const f = this.friendlyBullets[r];
      const e = this.enemyBullets[r];
      if ((a | f | e) === 0) continue;
      for (let c = 0; c < 10; c++) {
        const bit = 1 << c;
        const base = (r * 10 + c) * C;
        if ((a & bit) !== 0) {
          obs[base + 1] = 1;
          obs[base + headingChannel] = 1;
        }
        if ((f & bit) !== 0) obs[base + 4] = 1;
        if ((e & bit) !== 0) obs[base + 5] = 1;
      }
    }
  }

  /** The lowest alien of the alien column nearest the cannon (ties to the left) fires. */
  private dropBulletFromNearestAlien(): void {
    for (let d = 0; d < 10; d++) {
      for (let side = -1; side <= 1; side += 2) {
        if (d === 0 && side === 1) break;
        const c = this.cannon + side * d;
        if (c < 0 || c > 9) continue;
        const bit = 1 << c;
        for (let r = 9; r >= 0; r--) {
          if ((this.aliens[r] & bit) !== 0) {
            this.enemyBullets[r] |= bit;
            return;
          }
        }
      }
    }
  }
}
