/**
 * MinAtar Seaquest (Young & Tian 2019, arXiv:1903.03176; rules in shared/minatar-rules.md).
 *
 * ## Description
 * The player steers a two-cell submarine (front and back, so its heading is visible) under a
 * 10×10 sea whose top row is the surface. Fish and enemy submarines cross the rows 1–8 from
 * the left or right edge; enemy subs fire bullets in their direction of travel. Divers cross
 * the same rows; touching one picks it up (at most 6 on board). Oxygen runs down by one per
 * frame below the surface. Coming up to the surface refills it and costs one diver, or, with a
 * full crew of 6, unloads all of them for a bonus. Each surfacing makes enemies spawn more
 * often and move faster (difficulty ramping).
 *
 * ## Action Space
 * The full set (`MINATAR_ACTIONS`): 0 no-op, 1 left, 2 up, 3 right, 4 down, 5 fire. All six
 * matter, so the minimal set is the full set. Left/right also turn the sub; up/down do not.
 * Fire launches a bullet from the sub's cell in its heading if the cool-down (5 frames) has
 * run out; a fire action never moves the sub.
 *
 * ## Observation Space
 * 10×10×10 booleans: 0 sub front, 1 sub back (the cell behind the heading), 2 friendly bullet,
 * 3 trail (the cell a fish, enemy sub or diver came from), 4 enemy bullet, 5 enemy fish,
 * 6 enemy sub, 7 oxygen gauge (row 9, the first `floor(oxygen * 10 / 200)` cells from the
 * left), 8 diver gauge (row 9, one cell per diver on board, right-aligned to end at column 8
 * as the reference draws it), 9 diver.
 *
 * ## Rewards
 * +1 for each fish or enemy sub a friendly bullet hits. Surfacing with 6 divers adds
 * `floor(oxygen * 10 / 200)`, the number of lit oxygen-gauge cells. One frame may earn
 * several.
 *
 * ## Starting State
 * The sub at row 0 (surface), column 5, facing left; oxygen 200; no divers; no entity. The
 * first enemy spawns on frame 21 and then every `spawn interval` frames (20, ramping down to
 * 1); the first diver on frame 31 and then every 30 frames.
 *
 * ## Episode End
 * Terminated when the sub shares a cell with a fish, an enemy sub or an enemy bullet (checked
 * before and after each of them moves, so they cannot pass through the sub); when a frame
 * starts with oxygen 0 (so an episode that dives at once and stays down lasts 201 frames);
 * or when the sub reaches the surface with no diver on board. Never truncated by the game.
 *
 * ## Frame order
 * 1. Spawns whose timers ran out (enemy, then diver). 2. The player's action. 3. Friendly
 * bullets, newest first, move one cell and hit a fish (checked first) or an enemy sub in
 * their new cell.
 * 4. Divers: picked up if on the sub's cell, else step when their move timer runs out (every
 * 6 frames: a timer of 5 counted down to 0). 5. Enemy subs: step like divers at the current
 * `move interval`, are hit by a friendly bullet they step onto, and fire every 11 frames.
 * 6. Enemy bullets move one cell a frame. 7. Fish step like enemy subs. 8. Timers count down.
 * 9. Oxygen: frame started with 0 → terminated; below the surface it drops by one; at the
 * surface after a dive the sub surfaces (above).
 *
 * ## Version History
 * - v0 / v1 (ids `MinAtar/Seaquest-v0` full action set, `-v1` minimal, identical here): the
 *   rules of the reference MinAtar from v1.0.11 on.
 *
 * ## Deviations and quirks
 * - Oxygen rule: we follow v1.0.11 and later. Before v1.0.11 the reference let the gauge
 *   flash to full one frame before the oxygen ran out (a negative oxygen drawn as an almost
 *   full bar), so Seaquest results published before it (the paper's included) are not
 *   directly comparable (MinAtar README). Here oxygen never draws as more than 0 cells once it
 *   is ≤ 0, and the frame that starts at 0 ends the episode, even if it brings the sub up.
 * - Full-crew quirk, kept: surfacing with 6 divers empties the crew and then takes the usual
 *   one diver away, leaving the count at −1. Only a count of exactly 0 ends the episode on
 *   surfacing, so the next surfacings with no diver (−1 → −2 …) do not end it. A negative count
 *   draws no gauge cell.
 * - A spawn (enemy) is skipped if its row already holds a fish or enemy sub moving the other
 *   way; divers neither block nor are blocked. The direction, kind and row are drawn even when
 *   the spawn is skipped.
 * - Random draws come from our PCG32 `Rng`, not numpy, so trajectories match the reference
 *   only in distribution, not frame by frame.
 * - When two friendly bullets reach one enemy in the same frame, the newer one scores and
 *   vanishes and the older one flies on; a sub that steps onto a friendly bullet still fires
 *   that frame if its shot timer is up. Both match the reference as observed by running it.
 * - Checked against the reference (MinAtar 1.0.15) by running both from 20,000 random
 *   scripted states with spawns switched off, under random actions: observations, rewards and
 *   terminations agree on all 462,899 frames. Spawns were compared in distribution only
 *   (random-policy episode length and return).
 * - The back cell is always on the grid for reachable states (the sub faces the way it last
 *   moved); for a test-set state that would put it off the grid, it is not drawn.
 */
import type { Rng } from '../rng';
import type { MinAtarGame, MinAtarGameOptions } from './minatar-game';

/** Oxygen of a full tank, in frames below the surface (reference: 200). */
const MAX_OXYGEN = 200;
/** Frames between enemy spawns at the start (reference: 20); ramps down to 1. */
const INITIAL_SPAWN_INTERVAL = 20;
/** Frames between diver spawns (reference: 30). */
const DIVER_SPAWN_INTERVAL = 30;
/** Enemy move timer at the start (reference: 5, a step every 6 frames); ramps down to 2. */
const INITIAL_MOVE_INTERVAL = 5;
/** Frames the player must wait between shots (reference: 5). */
const SHOT_COOL_DOWN = 5;
/** Enemy-sub shot timer (reference: 10, a shot every 11 frames). */
const ENEMY_SHOT_INTERVAL = 10;
/** Diver move timer (reference: 5, a step every 6 frames). */
const DIVER_MOVE_INTERVAL = 5;
/** Most divers the sub carries (reference: 6). */
const MAX_DIVERS = 6;
/** Pool size per entity kind; the rules cap live fish or subs near 62, bullets and divers lower. */
const CAPACITY = 128;
/** Observation channels. */
const C = 10;

const CH_SUB_FRONT = 0;
const CH_SUB_BACK = 1;
const CH_FRIENDLY_BULLET = 2;
const CH_TRAIL = 3;
const CH_ENEMY_BULLET = 4;
const CH_FISH = 5;
const CH_ENEMY_SUB = 6;
const CH_OXYGEN = 7;
const CH_DIVER_GAUGE = 8;
const CH_DIVER = 9;

/** The entity kinds the test hooks can place or count. */
export type SeaquestEntityKind = 'fish' | 'enemy-sub' | 'diver' | 'friendly-bullet' | 'enemy-bullet';

/**
 * One kind of moving entity, in struct-of-arrays form so a frame allocates nothing. Order is
 * spawn order; removal shifts the tail down (pools hold a handful of entries).
 */
class Pool {
  readonly x = new Int32Array(CAPACITY);
  readonly y = new Int32Array(CAPACITY);
  /** 1 if moving right (towards column 9), 0 if moving left. */
  readonly right = new Int32Array(CAPACITY);
  /** Frames until the next step (counts down to 0, then the entity steps). */
  readonly moveTimer = new Int32Array(CAPACITY);
  /** Frames until the next shot (enemy subs only). */
  readonly shotTimer = new Int32Array(CAPACITY);
  count = 0;

  add(x: number, y: number, right: number, moveTimer: number, shotTimer: number): void {
    // Unreachable under the rules (see CAPACITY); dropping beats throwing mid-episode.
    if (this.count === CAPACITY) return;
    const i = this.count++;
    this.x[i] = x;
    this.y[i] = y;
    this.right[i] = right;
    this.moveTimer[i] = moveTimer;
    this.shotTimer[i] = shotTimer;
  }

  removeAt(i: number): void {
    const n = --this.count;
    for (let j = i; j < n; j++) {
      this.x[j] = this.x[j + 1];
      this.y[j] = this.y[j + 1];
      this.right[j] = this.right[j + 1];
      this.moveTimer[j] = this.moveTimer[j + 1];
      this.shotTimer[j] = this.shotTimer[j + 1];
    }
  }

  /** Index of the first entity at (x, y), or −1. */
  find(x: number, y: number): number {
    for (let i = 0; i < this.count; i++) if (this.x[i] === x && this.y[i] === y) return i;
    return -1;
  }
}

export class Seaquest implements MinAtarGame {
  readonly name = 'Seaquest';
  readonly channels = [
    'sub_front', 'sub_back', 'friendly_bullet', 'trail', 'enemy_bullet',
    'enemy_fish', 'enemy_sub', 'oxygen_gauge', 'diver_gauge', 'diver',
  ] as const;
  readonly minimalActions = [0, 1, 2, 3, 4, 5] as const;
  terminal = false;

  // The fields below are public so tests can build a state; only `act` and `reset` change
  // them during play.
  /** Oxygen left, in frames below the surface (200 when full). */
  oxygen = MAX_OXYGEN;
  /** Divers on board (0..6; −1 and below after the full-crew quirk). */
  diverCount = 0;
  /** Sub column, 0..9. */
  subX = 5;
  /** Sub row, 0 (surface)..8. */
  subY = 0;
  /** True if the sub faces right. */
  facingRight = false;
  /** True while the sub has not left the surface since it last surfaced (or since reset). */
  surfaced = true;
  /** Frames between enemy spawns (ramps 20 → 1). */
  spawnInterval = INITIAL_SPAWN_INTERVAL;
  /** Frames until the next enemy spawn. */
  spawnTimer = INITIAL_SPAWN_INTERVAL;
  /** Frames until the next diver spawn. */
  diverSpawnTimer = DIVER_SPAWN_INTERVAL;
  /** Enemy move timer reload (ramps 5 → 2). */
  moveInterval = INITIAL_MOVE_INTERVAL;
  /** Surfacings that ramped the difficulty so far. */
  rampIndex = 0;
  /** Frames until the player may fire again. */
  shotTimer = 0;

  private readonly fish = new Pool();
  private readonly enemySubs = new Pool();
  private readonly divers = new Pool();
  private readonly friendlyBullets = new Pool();
  private readonly enemyBullets = new Pool();
  private readonly ramping: boolean;

  constructor(private readonly rng: Rng, options: MinAtarGameOptions) {
    this.ramping = options.ramping;
    this.reset();
  }

  reset(): void {
    this.terminal = false;
    this.oxygen = MAX_OXYGEN;
    this.diverCount = 0;
    this.subX = 5;
    this.subY = 0;
    this.facingRight = false;
    this.surfaced = true;
    this.spawnInterval = INITIAL_SPAWN_INTERVAL;
    this.spawnTimer = INITIAL_SPAWN_INTERVAL;
    this.diverSpawnTimer = DIVER_SPAWN_INTERVAL;
    this.moveInterval = INITIAL_MOVE_INTERVAL;
    this.rampIndex = 0;
    this.shotTimer = 0;
    this.clearEntities();
  }

  act(action: number): number {
    if (this.terminal) return 0;
    let reward = 0;

    if (this.spawnTimer === 0) {
      this.spawnTimer = this.spawnInterval;
      this.spawnEnemy();
    }
    if (this.diverSpawnTimer === 0) {
      this.diverSpawnTimer = DIVER_SPAWN_INTERVAL;
      this.spawnDiver();
    }

    if (action === 5) {
      if (this.shotTimer === 0) {
        this.friendlyBullets.add(this.subX, this.subY, this.facingRight ? 1 : 0, 0, 0);
        this.shotTimer = SHOT_COOL_DOWN;
      }
    } else if (action === 1) {
      if (this.subX > 0) this.subX--;
      this.facingRight = false;
    } else if (action === 3) {
      if (this.subX < 9) this.subX++;
      this.facingRight = true;
    } else if (action === 2) {
      if (this.subY > 0) this.subY--;
    } else if (action === 4) {
      if (this.subY < 8) this.subY++;
    }

    reward += this.moveFriendlyBullets();
    this.moveDivers();
    reward += this.moveEnemies(this.enemySubs, true);
    this.moveEnemyBullets();
    reward += this.moveEnemies(this.fish, false);

    this.spawnTimer--;
    this.diverSpawnTimer--;
    if (this.shotTimer > 0) this.shotTimer--;

    if (this.oxygen <= 0) this.terminal = true;
    if (this.subY > 0) {
      this.oxygen--;
      this.surfaced = false;
    } else if (!this.surfaced) {
      if (this.diverCount === 0) this.terminal = true;
      else reward += this.surface();
    }
    return reward;
  }

  writeObservation(obs: Uint8Array): void {
    obs[(this.subY * 10 + this.subX) * C + CH_SUB_FRONT] = 1;
    const backX = this.facingRight ? this.subX - 1 : this.subX + 1;
    if (backX >= 0 && backX <= 9) obs[(this.subY * 10 + backX) * C + CH_SUB_BACK] = 1;
    const oxygenCells = this.oxygen > 0 ? Math.floor((this.oxygen * 10) / MAX_OXYGEN) : 0;
    for (let c = 0; c < oxygenCells; c++) obs[(90 + c) * C + CH_OXYGEN] = 1;
    for (let c = 9 - this.diverCount; c < 9; c++) obs[(90 + c) * C + CH_DIVER_GAUGE] = 1;
    this.draw(obs, this.friendlyBullets, CH_FRIENDLY_BULLET, false);
    this.draw(obs, this.enemyBullets, CH_ENEMY_BULLET, false);
    this.draw(obs, this.fish, CH_FISH, true);
    this.draw(obs, this.enemySubs, CH_ENEMY_SUB, true);
    this.draw(obs, this.divers, CH_DIVER, true);
  }

  /** Test hook: removes every fish, sub, diver and bullet. */
  clearEntities(): void {
    this.fish.count = 0;
    this.enemySubs.count = 0;
    this.divers.count = 0;
    this.friendlyBullets.count = 0;
    this.enemyBullets.count = 0;
  }

  /**
   * Test hook: places an entity at column `x`, row `y`, heading right or left. `moveTimer`
   * defaults to a fresh spawn's (the current move interval; 5 for divers; bullets ignore
   * it); an enemy sub's shot timer starts at 10 as a fresh spawn's unless `shotTimer` is given.
   */
  place(kind: SeaquestEntityKind, x: number, y: number, right: boolean, moveTimer?: number, shotTimer?: number): void {
    const r = right ? 1 : 0;
    const pool = this.pool(kind);
    const defaultMove = kind === 'diver' ? DIVER_MOVE_INTERVAL : this.moveInterval;
    pool.add(x, y, r, moveTimer ?? defaultMove, shotTimer ?? ENEMY_SHOT_INTERVAL);
  }

  /** Test hook: how many entities of a kind are alive. */
  count(kind: SeaquestEntityKind): number {
    return this.pool(kind).count;
  }

  private pool(kind: SeaquestEntityKind): Pool {
    switch (kind) {
      case 'fish': return this.fish;
      case 'enemy-sub': return this.enemySubs;
      case 'diver': return this.divers;
      case 'friendly-bullet': return this.friendlyBullets;
      case 'enemy-bullet': return this.enemyBullets;
    }
  }

  private draw(obs: Uint8Array, pool: Pool, channel: number, trail: boolean): void {
    for (let i = 0; i < pool.count; i++) {
      const x = pool.x[i];
      const row = pool.y[i] * 10;
      obs[(row + x) * C + channel] = 1;
      if (trail) {
        const tx = pool.right[i] === 1 ? x - 1 : x + 1;
        if (tx >= 0 && tx <= 9) obs[(row + tx) * C + CH_TRAIL] = 1;
      }
    }
  }

  private spawnEnemy(): void {
    const right = this.rng.nextInt(2);
    const isSub = this.rng.nextFloat() < 1 / 3;
    const y = 1 + this.rng.nextInt(8);
    if (this.rowHasOpposite(this.fish, y, right) || this.rowHasOpposite(this.enemySubs, y, right)) return;
    const x = right === 1 ? 0 : 9;
    if (isSub) this.enemySubs.add(x, y, right, this.moveInterval, ENEMY_SHOT_INTERVAL);
    else this.fish.add(x, y, right, this.moveInterval, 0);
  }

  private rowHasOpposite(pool: Pool, y: number, right: number): boolean {
    for (let i = 0; i < pool.count; i++) if (pool.y[i] === y && pool.right[i] !== right) return true;
    return false;
  }

  private spawnDiver(): void {
    const right = this.rng.nextInt(2);
    const y = 1 + this.rng.nextInt(8);
    this.divers.add(right === 1 ? 0 : 9, y, right, DIVER_MOVE_INTERVAL, 0);
  }

  /**
   * Bullets fly one cell a frame; a hit removes the bullet and the first fish (else sub)
   * there. Newest bullet first: when two bullets reach one enemy in the same frame, the
   * reference credits the later-fired one (observed by running it), and only the order of
   * such ties depends on this.
   */
  private moveFriendlyBullets(): number {
    const b = this.friendlyBullets;
    let reward = 0;
    for (let i = b.count - 1; i >= 0; i--) {
      const x = b.x[i] + (b.right[i] === 1 ? 1 : -1);
      if (x < 0 || x > 9) {
        b.removeAt(i);
        continue;
      }
      b.x[i] = x;
      const y = b.y[i];
      let hit = this.fish.find(x, y);
      if (hit >= 0) this.fish.removeAt(hit);
      else {
        hit = this.enemySubs.find(x, y);
        if (hit >= 0) this.enemySubs.removeAt(hit);
      }
      if (hit >= 0) {
        b.removeAt(i);
        reward++;
      }
    }
    return reward;
  }

  private moveDivers(): void {
    const d = this.divers;
    let i = 0;
    while (i < d.count) {
      if (this.tryCollect(i)) continue;
      if (d.moveTimer[i] === 0) {
        d.moveTimer[i] = DIVER_MOVE_INTERVAL;
        const x = d.x[i] + (d.right[i] === 1 ? 1 : -1);
        if (x < 0 || x > 9) {
          d.removeAt(i);
          continue;
        }
        d.x[i] = x;
        if (this.tryCollect(i)) continue;
      } else {
        d.moveTimer[i]--;
      }
      i++;
    }
  }

  private tryCollect(i: number): boolean {
    const d = this.divers;
    if (d.x[i] !== this.subX || d.y[i] !== this.subY || this.diverCount >= MAX_DIVERS) return false;
    d.removeAt(i);
    this.diverCount++;
    return true;
  }

  /** Fish and enemy subs: touch → terminal; step on a friendly bullet → both removed, +1. */
  private moveEnemies(e: Pool, shoots: boolean): number {
    let reward = 0;
    let i = 0;
    while (i < e.count) {
      if (e.x[i] === this.subX && e.y[i] === this.subY) this.terminal = true;
      if (e.moveTimer[i] === 0) {
        e.moveTimer[i] = this.moveInterval;
        const x = e.x[i] + (e.right[i] === 1 ? 1 : -1);
        if (x < 0 || x > 9) {
          e.removeAt(i);
          continue;
        }
        e.x[i] = x;
        if (x === this.subX && e.y[i] === this.subY) {
          this.terminal = true;
        } else {
          const hit = this.friendlyBullets.find(x, e.y[i]);
          if (hit >= 0) {
            this.friendlyBullets.removeAt(hit);
            // As in the reference, a sub hit this frame still fires if its shot timer is up.
            if (shoots && e.shotTimer[i] === 0) this.enemyBullets.add(x, e.y[i], e.right[i], 0, 0);
            e.removeAt(i);
            reward++;
            continue;
          }
        }
      } else {
        e.moveTimer[i]--;
      }
      if (shoots) {
        if (e.shotTimer[i] === 0) {
          e.shotTimer[i] = ENEMY_SHOT_INTERVAL;
          this.enemyBullets.add(e.x[i], e.y[i], e.right[i], 0, 0);
        } else {
          e.shotTimer[i]--;
        }
      }
      i++;
    }
    return reward;
  }

  private moveEnemyBullets(): void {
    const b = this.enemyBullets;
    let i = 0;
    while (i < b.count) {
      if (b.x[i] === this.subX && b.y[i] === this.subY) this.terminal = true;
      const x = b.x[i] + (b.right[i] === 1 ? 1 : -1);
      if (x < 0 || x > 9) {
        b.removeAt(i);
        continue;
      }
      b.x[i] = x;
      if (x === this.subX && b.y[i] === this.subY) this.terminal = true;
      i++;
    }
  }

  /** Refills oxygen, unloads divers (bonus with a full crew) and ramps the difficulty. */
  private surface(): number {
    this.surfaced = true;
    let reward = 0;
    if (this.diverCount === MAX_DIVERS) {
      this.diverCount = 0;
      reward = Math.floor((this.oxygen * 10) / MAX_OXYGEN);
    }
    this.oxygen = MAX_OXYGEN;
    // Reference quirk: after a full-crew unload this leaves −1 (see the doc comment).
    this.diverCount--;
    if (this.ramping && (this.spawnInterval > 1 || this.moveInterval > 2)) {
      if (this.moveInterval > 2 && this.rampIndex % 2 === 1) this.moveInterval--;
      if (this.spawnInterval > 1) this.spawnInterval--;
      this.rampIndex++;
    }
    return reward;
  }
}
