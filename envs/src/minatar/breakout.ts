/**
 * MinAtar Breakout (Young & Tian 2019, arXiv:1903.03176; rules in shared/minatar-rules.md).
 *
 * ## Description
 * A paddle on the bottom row bounces a ball into three rows of bricks. The ball moves one
 * cell diagonally per frame and bounces off the side walls, the ceiling, bricks and the
 * paddle. Clearing every brick refills the three rows the next time the ball comes down to
 * the paddle's row, so a good player can go on forever.
 *
 * ## Action Space
 * The full set (`MINATAR_ACTIONS`): only 1 left and 3 right move the paddle one cell
 * (clamped to the grid); every other action is a no-op. Minimal set: [0 no-op, 1 left,
 * 3 right].
 *
 * ## Observation Space
 * 10×10×4 booleans: 0 paddle (row 9), 1 ball, 2 trail (the cell the ball was in one frame
 * ago, so its direction is visible), 3 brick.
 *
 * ## Rewards
 * +1 per brick destroyed.
 *
 * ## Starting State
 * Paddle at column 4; bricks fill rows 1–3; the ball at row 3, either at column 0 moving
 * down-right or at column 9 moving down-left (50/50, one `nextFloat` draw).
 *
 * ## Episode End
 * Terminated when the ball reaches row 9 and the paddle is neither under the ball's old
 * column nor its new one. Never truncated by the game.
 *
 * ## Frame order
 * 1. The paddle moves. 2. The ball takes its diagonal step; off a side wall it stays in the
 * edge column and flips its horizontal direction. 3. Then, first match wins: above the
 * ceiling → row 0, vertical direction flipped; into a brick → (unless the strike flag is up)
 * +1, the brick goes, the ball stays on its old row and its vertical direction flips; onto
 * row 9 → bricks refill if none are left, then the paddle under the ball's old column
 * reflects it vertically, the paddle under its new column sends it straight back (both
 * directions flip), and otherwise the episode ends. 4. The strike flag is up exactly when
 * this frame's step went into a brick cell.
 *
 * ## Version History
 * - v0 / v1 (ids `MinAtar/Breakout-v0` full action set, `-v1` minimal set): the rules of
 *   the reference MinAtar.
 *
 * ## Deviations and quirks
 * - The strike flag (reference behaviour, kept): a ball that enters a brick cell on the frame
 *   right after a brick hit passes into that cell without scoring or bouncing, and the brick
 *   stays; on the next frame the flag is down again.
 * - The refill happens only when the ball reaches the paddle row with no brick left, as the
 *   reference does, not at the moment the last brick goes.
 * - When the ball is on row 9 (the end), it is drawn there, on the paddle row.
 */
import type { Rng } from '../rng';
import type { MinAtarGame, MinAtarGameOptions } from './minatar-game';

/** Ball directions: 0 up-left, 1 up-right, 2 down-right, 3 down-left. */
const DIR_DY = [-1, -1, 1, 1] as const;
const DIR_DX = [-1, 1, 1, -1] as const;
/** Direction after a horizontal bounce (dx flips). */
const FLIP_X = [1, 0, 3, 2] as const;
/** Direction after a vertical bounce (dy flips). */
const FLIP_Y = [3, 2, 1, 0] as const;
/** Direction after a corner bounce (both flip). */
const FLIP_XY = [2, 3, 0, 1] as const;

export class Breakout implements MinAtarGame {
  readonly name = 'Breakout';
  readonly channels = ['paddle', 'ball', 'trail', 'brick'] as const;
  readonly minimalActions = [0, 1, 3] as const;

  /**
   * The game state, public so tests and renderers can read it and tests can set up a
   * position; play must go through `act`.
   */
  /** Ball row and column. */
  ballY = 3;
  ballX = 0;
  /** Ball direction: 0 up-left, 1 up-right, 2 down-right, 3 down-left. */
  ballDir = 2;
  /** Where the ball was one frame ago (the trail). */
  lastY = 3;
  lastX = 0;
  /** Paddle column on row 9. */
  paddle = 4;
  /** 1 where a brick is, index `row * 10 + col`. */
  readonly bricks = new Uint8Array(100);
  /** Up when the last frame's ball step went into a brick cell. */
  strike = false;
  terminal = false;

  constructor(private readonly rng: Rng, _options: MinAtarGameOptions) {
    this.reset();
  }

  reset(): void {
    const fromRight = this.rng.nextFloat() < 0.5;
    this.ballY = 3;
    this.ballX = fromRight ? 9 : 0;
    this.ballDir = fromRight ? 3 : 2;
    this.lastY = this.ballY;
    this.lastX = this.ballX;
    this.paddle = 4;
    this.bricks.fill(0);
    this.bricks.fill(1, 10, 40);
    this.strike = false;
    this.terminal = false;
  }

  /** Number of bricks left. */
  brickCount(): number {
    let n = 0;
    for (let i = 10; i < 40; i++) n += this.bricks[i];
    return n;
  }

  act(action: number): number {
    let reward = 0;
    if (action === 1) this.paddle = Math.max(0, this.paddle - 1);
    else if (action === 3) this.paddle = Math.min(9, this.paddle + 1);

    this.lastX = this.ballX;
    this.lastY = this.ballY;
    let dir = this.ballDir;
    let newX = this.ballX + DIR_DX[dir];
    let newY = this.ballY + DIR_DY[dir];
    let struck = false;
    if (newX < 0 || newX > 9) {
      newX = newX < 0 ? 0 : 9;
      dir = FLIP_X[dir];
    }
    if (newY < 0) {
      newY = 0;
      dir = FLIP_Y[dir];
    } else if (this.bricks[newY * 10 + newX] === 1) {
      struck = true;
      if (!this.strike) {
        reward = 1;
        this.bricks[newY * 10 + newX] = 0;
        newY = this.lastY;
        dir = FLIP_Y[dir];
      }
    } else if (newY === 9) {
      if (this.brickCount() === 0) this.bricks.fill(1, 10, 40);
      if (this.ballX === this.paddle) {
        dir = FLIP_Y[dir];
        newY = this.lastY;
      } else if (newX === this.paddle) {
        dir = FLIP_XY[dir];
        newY = this.lastY;
      } else {
        this.terminal = true;
      }
    }
    this.strike = struck;
    this.ballX = newX;
    this.ballY = newY;
    this.ballDir = dir;
    return reward;
  }

  writeObservation(obs: Uint8Array): void {
    obs[(90 + this.paddle) * 4] = 1;
    obs[(this.ballY * 10 + this.ballX) * 4 + 1] = 1;
    obs[(this.lastY * 10 + this.lastX) * 4 + 2] = 1;
    const bricks = this.bricks;
    for (let i = 10; i < 40; i++) if (bricks[i] === 1) obs[i * 4 + 3] = 1;
  }
}
