/**
 * MinAtar Asterix (Young & Tian 2019, arXiv:1903.03176; rules in shared/minatar-rules.md).
 *
 * ## Description
 * The player walks a 10×10 field whose rows 1–8 are lanes. Enemies and gold pieces enter a
 * free lane from the left or right edge and cross it; touching gold collects it, touching an
 * enemy ends the game. Over time entities spawn more often and move faster.
 *
 * ## Action Space
 * The full set (`MINATAR_ACTIONS`): 1 left, 2 up, 3 right, 4 down move the player one cell
 * (columns clamped to 0..9, rows to 1..8); 0 no-op and 5 fire do nothing. Minimal set:
 * [0 no-op, 1 left, 2 up, 3 right, 4 down].
 *
 * ## Observation Space
 * 10×10×4 booleans: 0 player, 1 enemy, 2 trail (the cell behind each enemy or gold piece in
 * its direction of travel, if on the grid), 3 gold.
 *
 * ## Rewards
 * +1 per gold piece collected.
 *
 * ## Starting State
 * The player at row 5, column 5; no entity; spawn interval 10 and move interval 5 frames:
 * the first spawn comes on frame 11 and then every 10 frames, entities step on frame 6 and
 * then every 5 frames (each timer restarts at its interval and counts down in the same frame).
 *
 * ## Episode End
 * Terminated when the player and an enemy share a cell (checked after the player moves and
 * after each entity step, so they cannot pass through each other). Never truncated.
 *
 * ## Frame order
 * 1. If the spawn timer is 0: a spawn (side 50/50 by `nextFloat() < 0.5` → from the left
 * edge moving right; gold when `nextFloat() < 1/3`; a lane chosen uniformly among the free
 * ones by `nextInt(#free)`; nothing when all 8 are taken), and the timer restarts at the
 * spawn interval. 2. The player moves. 3. Contact with an entity in the player's new cell.
 * 4. If the move timer is 0: every entity steps one cell (leaving the grid frees its lane),
 * contact is checked again, and the timer restarts at the move interval. 5. Both timers count
 * down by one. 6. Ramping (when on): on frames 102, 204, 306, … (every 102 frames, see the
 * quirks), while an interval is above 1, the spawn interval drops by 1 and, on odd ramp
 * indices (the 2nd, 4th, … ramp), the move interval drops by 1 (both at least 1).
 *
 * ## Version History
 * - v0 / v1 (ids `MinAtar/Asterix-v0` full action set, `-v1` minimal set): the rules of the
 *   reference MinAtar.
 *
 * ## Deviations and quirks
 * - The rules say "every 100 steps", but the reference ramps every 102 frames: its ramp
 *   interval of 100 is a countdown that runs from 100 through 0 to −1, and the ramp comes on
 *   the frame after that. We match it (first ramp on frame 102, checked frame by frame
 *   against MinAtar 1.0.15). The ramp clock stops once both intervals are down to 1.
 * - Spawn draws: the side, the gold flag and the lane are drawn in that order from the env's
 *   generator, so the streams differ from the reference's numpy draws (same distribution).
 */
import type { Rng } from '../rng';
import type { MinAtarGame, MinAtarGameOptions } from './minatar-game';

/** The reference's ramp interval (100); its countdown makes the period 102 frames. */
const RAMP_INTERVAL = 100;
/** Frames between ramps: the reference's countdown from 100 through −1, plus the ramp frame. */
const RAMP_PERIOD = RAMP_INTERVAL + 2;
/** Initial frames between spawns (reference: 10). */
const INIT_SPAWN_INTERVAL = 10;
/** Initial frames between entity steps (reference: 5). */
const INIT_MOVE_INTERVAL = 5;

export class Asterix implements MinAtarGame {
  readonly name = 'Asterix';
  readonly channels = ['player', 'enemy', 'trail', 'gold'] as const;
  readonly minimalActions = [0, 1, 2, 3, 4] as const;

  /**
   * The game state, public so tests and renderers can read it and tests can set up a
   * position; play must go through `act`. Lanes are indexed 0..7 for rows 1..8.
   */
  playerX = 5;
  playerY = 5;
  /** 1 when lane `i` (row i + 1) holds an entity. */
  readonly laneUsed = new Uint8Array(8);
  /** Column of the entity in lane `i`. */
  readonly laneX = new Int8Array(8);
  /** +1 when the entity in lane `i` moves right, −1 when left. */
  readonly laneDir = new Int8Array(8);
  /** 1 when the entity in lane `i` is gold, 0 when an enemy. */
  readonly laneGold = new Uint8Array(8);
  spawnInterval = INIT_SPAWN_INTERVAL;
  spawnTimer = INIT_SPAWN_INTERVAL;
  moveInterval = INIT_MOVE_INTERVAL;
  moveTimer = INIT_MOVE_INTERVAL;
  /** Frames since the last ramp. */
  rampTimer = 0;
  /** Number of ramps so far. */
  rampIndex = 0;
  terminal = false;
  private readonly ramping: boolean;

  constructor(private readonly rng: Rng, options: MinAtarGameOptions) {
    this.ramping = options.ramping;
    this.reset();
  }

  reset(): void {
    this.playerX = 5;
    this.playerY = 5;
    this.laneUsed.fill(0);
    this.spawnInterval = INIT_SPAWN_INTERVAL;
    this.spawnTimer = INIT_SPAWN_INTERVAL;
    this.moveInterval = INIT_MOVE_INTERVAL;
    this.moveTimer = INIT_MOVE_INTERVAL;
    this.rampTimer = 0;
    this.rampIndex = 0;
    this.terminal = false;
  }

  act(action: number): number {
    let reward = 0;
    if (this.spawnTimer === 0) {
      this.spawn();
      this.spawnTimer = this.spawnInterval;
    }
    if (action === 1) this.playerX = Math.max(0, this.playerX - 1);
    else if (action === 3) this.playerX = Math.min(9, this.playerX + 1);
    else if (action === 2) this.playerY = Math.max(1, this.playerY - 1);
    else if (action === 4) this.playerY = Math.min(8, this.playerY + 1);

    reward += this.contact();
    if (this.moveTimer === 0) {
      this.moveTimer = this.moveInterval;
      for (let i = 0; i < 8; i++) {
        if (this.laneUsed[i] === 0) continue;
        const x = this.laneX[i] + this.laneDir[i];
        if (x < 0 || x > 9) this.laneUsed[i] = 0;
        else this.laneX[i] = x;
      }
      reward += this.contact();
    }
    this.spawnTimer--;
    this.moveTimer--;

    if (this.ramping && (this.spawnInterval > 1 || this.moveInterval > 1)) {
      this.rampTimer++;
      if (this.rampTimer === RAMP_PERIOD) {
        this.rampTimer = 0;
        if (this.moveInterval > 1 && this.rampIndex % 2 === 1) this.moveInterval--;
        if (this.spawnInterval > 1) this.spawnInterval--;
        this.rampIndex++;
      }
    }
    return reward;
  }

  /** Resolves a player–entity contact in the player's cell: gold scores, an enemy ends. */
  private contact(): number {
    const lane = this.playerY - 1;
    if (this.laneUsed[lane] === 0 || this.laneX[lane] !== this.playerX) return 0;
    if (this.laneGold[lane] === 1) {
      this.laneUsed[lane] = 0;
      return 1;
    }
    this.terminal = true;
    return 0;
  }

  private spawn(): void {
    const movesRight = this.rng.nextFloat() < 0.5;
    const gold = this.rng.nextFloat() < 1 / 3;
    let free = 0;
    for (let i = 0; i < 8; i++) free += 1 - this.laneUsed[i];
    if (free === 0) return;
    let k = this.rng.nextInt(free);
    for (let i = 0; i < 8; i++) {
      if (this.laneUsed[i] === 1) continue;
      if (k-- === 0) {
        this.laneUsed[i] = 1;
        this.laneX[i] = movesRight ? 0 : 9;
        this.laneDir[i] = movesRight ? 1 : -1;
        this.laneGold[i] = gold ? 1 : 0;
        return;
      }
    }
  }

  writeObservation(obs: Uint8Array): void {
    obs[(this.playerY * 10 + this.playerX) * 4] = 1;
    for (let i = 0; i < 8; i++) {
      if (this.laneUsed[i] === 0) continue;
      const row = i + 1, x = this.laneX[i];
      obs[(row * 10 + x) * 4 + (this.laneGold[i] === 1 ? 3 : 1)] = 1;
      const back = x - this.laneDir[i];
      if (back >= 0 && back <= 9) obs[(row * 10 + back) * 4 + 2] = 1;
    }
  }
}
