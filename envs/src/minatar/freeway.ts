/**
 * MinAtar Freeway (Young & Tian 2019, arXiv:1903.03176; rules in shared/minatar-rules.md).
 *
 * ## Description
 * A chicken in column 4 crosses a road from the bottom row (9) to the top row (0). Rows 1–8
 * each carry one car that drives left or right and wraps around the edges, at one of five
 * speeds. Each crossing scores and starts the chicken again at the bottom with new car
 * speeds; a car hit sends it back to the bottom. The game lasts a fixed 2500-frame clock.
 *
 * ## Action Space
 * The full set (`MINATAR_ACTIONS`): 2 up and 4 down move the chicken one row, at most once
 * every 3 frames; every other action is a no-op. Minimal set: [0 no-op, 2 up, 4 down].
 *
 * ## Observation Space
 * 10×10×7 booleans: 0 chicken, 1 car, 2–6 the trail cell behind each car (the cell it came
 * from, wrapped), in channel `1 + speed` where speed 1 (fastest) … 5 (slowest) is the
 * number of frames a car waits between steps. The clock is not observed.
 *
 * ## Rewards
 * +1 each time the chicken reaches row 0.
 *
 * ## Starting State
 * The chicken at row 9; the move cooldown at 3 (its first move can come on frame 4); the car
 * of row r (1..8) at column 0 with a speed uniform in 1..5 (`nextInt(5) + 1`) and a
 * direction 50/50 (`nextFloat() < 0.5` → right), drawn car by car.
 *
 * ## Episode End
 * Terminated (a true termination, as the reference; the clock is part of the game, not a
 * TimeLimit) when the 2500-frame timer runs out: every episode lasts exactly 2501 steps.
 *
 * ## Frame order
 * 1. Up/down move the chicken (clamped to rows 0..9) if the cooldown is 0, which restarts it
 * at 3. 2. At row 0: +1, new speeds and directions for every car (positions kept, each wait
 * timer restarted at the new speed), the chicken back to row 9. 3. For each car: a car on
 * the chicken's cell sends it to row 9; then if its wait timer is 0 it steps one cell in its
 * direction (wrapping 9↔0), its timer restarts at its speed, and a car landing on the
 * chicken sends it to row 9; otherwise its timer counts down. 4. The cooldown counts down (not below 0). 5. The clock counts down;
 * below 0 the episode ends.
 *
 * ## Version History
 * - v0 / v1 (ids `MinAtar/Freeway-v0` full action set, `-v1` minimal set): the rules of the
 *   reference MinAtar.
 *
 * ## Deviations and quirks
 * - Car speeds and directions are drawn from the env's generator car by car (speed, then
 *   direction), so streams differ from the reference's numpy draws (same distribution).
 * - A crossing re-randomises every car's speed and direction and restarts its wait timer at
 *   the new speed, as the reference does (checked frame by frame against MinAtar 1.0.15), so
 *   every car pauses for its new speed's wait right after a crossing.
 * - Randomness enters only at reset and at crossings, so a fixed policy that keeps getting
 *   hit replays the same loop; always-up returns vary from 0 to ≈ 45 across seeds.
 * - Difficulty ramping does not exist in Freeway; the option is accepted and ignored.
 */
import type { Rng } from '../rng';
import type { MinAtarGame, MinAtarGameOptions } from './minatar-game';

/** Frames between chicken moves (reference: 3). */
const PLAYER_COOLDOWN = 3;
/** Clock length in frames (reference: 2500). */
const TIME_LIMIT = 2500;

export class Freeway implements MinAtarGame {
  readonly name = 'Freeway';
  readonly channels = ['chicken', 'car', 'speed1', 'speed2', 'speed3', 'speed4', 'speed5'] as const;
  readonly minimalActions = [0, 2, 4] as const;

  /**
   * The game state, public so tests and renderers can read it and tests can set up a
   * position; play must go through `act`. Car `i` drives on row i + 1.
   */
  /** Chicken row (column is always 4). */
  chicken = 9;
  /** Frames until the chicken may move again. */
  cooldown = PLAYER_COOLDOWN;
  /** Frames left on the clock. */
  clock = TIME_LIMIT;
  /** Column of car `i`. */
  readonly carX = new Int8Array(8);
  /** Frames car `i` waits between steps, 1..5. */
  readonly carSpeed = new Uint8Array(8);
  /** +1 when car `i` drives right, −1 when left. */
  readonly carDir = new Int8Array(8);
  /** Frames until car `i` steps. */
  readonly carTimer = new Uint8Array(8);
  terminal = false;

  constructor(private readonly rng: Rng, _options: MinAtarGameOptions) {
    this.reset();
  }

  reset(): void {
    this.chicken = 9;
    this.cooldown = PLAYER_COOLDOWN;
    this.clock = TIME_LIMIT;
    this.carX.fill(0);
    this.randomizeCars();
    this.terminal = false;
  }

  private randomizeCars(): void {
    for (let i = 0; i < 8; i++) {
      this.carSpeed[i] = this.rng.nextInt(5) + 1;
      this.carDir[i] = this.rng.nextFloat() < 0.5 ? 1 : -1;
      this.carTimer[i] = this.carSpeed[i];
    }
  }

  act(action: number): number {
    let reward = 0;
    if (this.cooldown === 0 && (action === 2 || action === 4)) {
      this.cooldown = PLAYER_COOLDOWN;
      this.chicken = action === 2 ? Math.max(0, this.chicken - 1) : Math.min(9, this.chicken + 1);
    }
    if (this.chicken === 0) {
      reward = 1;
      this.randomizeCars();
      this.chicken = 9;
    }
    for (let i = 0; i < 8; i++) {
      const row = i + 1;
      if (this.chicken === row && this.carX[i] === 4) this.chicken = 9;
      if (this.carTimer[i] === 0) {
        let x = this.carX[i] + this.carDir[i];
        if (x < 0) x = 9;
        else if (x > 9) x = 0;
        this.carX[i] = x;
        this.carTimer[i] = this.carSpeed[i];
        if (this.chicken === row && x === 4) this.chicken = 9;
      } else {
        this.carTimer[i]--;
      }
    }
    if (this.cooldown > 0) this.cooldown--;
    this.clock--;
    if (this.clock < 0) this.terminal = true;
    return reward;
  }

  writeObservation(obs: Uint8Array): void {
    obs[(this.chicken * 10 + 4) * 7] = 1;
    for (let i = 0; i < 8; i++) {
      const rowBase = (i + 1) * 10;
      const x = this.carX[i];
      obs[(rowBase + x) * 7 + 1] = 1;
      let back = x - this.carDir[i];
      if (back < 0) back = 9;
      else if (back > 9) back = 0;
      obs[(rowBase + back) * 7 + 1 + this.carSpeed[i]] = 1;
    }
  }
}
