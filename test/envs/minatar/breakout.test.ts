import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../envs/src/rng';
import { Breakout } from '../../../envs/src/minatar/breakout';
import { observe, cellsOf } from './grid-helpers';

const C = 4;
const NOOP = 0, LEFT = 1, RIGHT = 3;
const PADDLE = 0, BALL = 1, TRAIL = 2, BRICK = 3;

const cells = cellsOf(C);

/** Puts the ball at (y, x) moving in `dir` (0 up-left, 1 up-right, 2 down-right, 3 down-left). */
function place(game: Breakout, y: number, x: number, dir: number): void {
  game.ballY = y;
  game.ballX = x;
  game.ballDir = dir;
  game.lastY = y;
  game.lastX = x;
}

const B = suite('Breakout');

B('starts with the paddle at column 4, bricks on rows 1–3 and the ball on row 3 at an edge', () => {
  const sides = new Set<string>();
  for (let seed = 0; seed < 20; seed++) {
    const game = new Breakout(new Rng(seed), { ramping: true });
    const obs = observe(game);
    assert.equal(cells(obs, PADDLE), ['9,4']);
    assert.is(cells(obs, BRICK).length, 30);
    assert.ok(cells(obs, BRICK).every((c) => ['1', '2', '3'].includes(c.split(',')[0])));
    const ball = cells(obs, BALL)[0];
    assert.ok(ball === '3,0' || ball === '3,9', ball);
    // The ball moves away from its wall, downwards.
    assert.is(game.ballDir, ball === '3,0' ? 2 : 3);
    sides.add(ball);
  }
  assert.is(sides.size, 2, 'both starting sides occur');
});

B('the paddle moves left and right and stops at the walls', () => {
  const game = new Breakout(new Rng(0), { ramping: true });
  place(game, 5, 5, 1);
  game.act(LEFT);
  assert.is(game.paddle, 3);
  for (let i = 0; i < 5; i++) game.act(LEFT);
  assert.is(game.paddle, 0);
  game.act(RIGHT);
  assert.is(game.paddle, 1);
  for (const other of [0, 2, 4, 5]) {
    game.act(other);
    assert.is(game.paddle, 1, `action ${other} does not move the paddle`);
  }
});

B('hitting a brick scores +1, removes it and reflects the ball vertically', () => {
  const game = new Breakout(new Rng(0), { ramping: true });
  place(game, 4, 5, 1); // up-right: next cell (3, 6) holds a brick
  const reward = game.act(NOOP);
  assert.is(reward, 1);
  assert.is(game.bricks[3 * 10 + 6], 0);
  assert.is(game.brickCount(), 29);
  assert.is(game.ballY, 4, 'the ball stays on its old row');
  assert.is(game.ballX, 6);
  assert.is(game.ballDir, 2, 'up-right becomes down-right');
  assert.ok(game.strike);
  const obs = observe(game);
  assert.equal(cells(obs, BALL), ['4,6']);
  assert.equal(cells(obs, TRAIL), ['4,5']);
});

B('the strike flag: a brick entered right after a hit is passed into without scoring', () => {
  const game = new Breakout(new Rng(0), { ramping: true });
  place(game, 4, 5, 1);
  assert.is(game.act(NOOP), 1);
  // Now heading down-right from (4, 6); put a brick in its way at (5, 7).
  game.bricks[5 * 10 + 7] = 1;
  assert.is(game.act(NOOP), 0, 'no reward while the flag is up');
  assert.is(game.bricks[5 * 10 + 7], 1, 'the brick stays');
  assert.is(game.ballY, 5);
  assert.is(game.ballX, 7);
  assert.is(game.ballDir, 2, 'no bounce');
  assert.ok(game.strike, 'still inside a brick cell');
  game.act(NOOP);
  assert.not.ok(game.strike, 'down once the ball leaves the brick');
  // With the flag down, the next brick scores again.
  place(game, 4, 5, 0); // up-left into the brick at (3, 4)
  assert.is(game.act(NOOP), 1);
});

B('the ball bounces off the side walls and the ceiling', () => {
  const game = new Breakout(new Rng(0), { ramping: true });
  game.bricks.fill(0);
  place(game, 6, 9, 1); // up-right at the right wall
  game.act(NOOP);
  assert.is(game.ballX, 9);
  assert.is(game.ballY, 5);
  assert.is(game.ballDir, 0, 'now up-left');
  place(game, 0, 4, 0); // up-left at the ceiling
  game.act(NOOP);
  assert.is(game.ballY, 0);
  assert.is(game.ballX, 3);
  assert.is(game.ballDir, 3, 'now down-left');
});

B('the paddle under the ball reflects it; under its new column it sends it back; else the episode ends', () => {
  const game = new Breakout(new Rng(0), { ramping: true });
  place(game, 8, 4, 2);
  game.paddle = 4;
  assert.is(game.act(NOOP), 0);
  assert.not.ok(game.terminal);
  assert.is(game.ballY, 8);
  assert.is(game.ballX, 5);
  assert.is(game.ballDir, 1, 'down-right becomes up-right');

  place(game, 8, 4, 2);
  game.paddle = 5;
  game.act(NOOP);
  assert.not.ok(game.terminal);
  assert.is(game.ballY, 8);
  assert.is(game.ballDir, 0, 'corner hit: straight back up-left');

  place(game, 8, 4, 2);
  game.paddle = 7;
  game.act(NOOP);
  assert.ok(game.terminal, 'the ball passed the paddle');
  assert.is(game.ballY, 9);
});

B('wall and corner bounces combine with the paddle and ceiling as in MinAtar 1.0.15', () => {
  // Expected positions observed by running the reference on the same set-ups.
  const game = new Breakout(new Rng(0), { ramping: true });
  place(game, 8, 0, 3); // down-left at the left wall, paddle below
  game.paddle = 0;
  game.act(NOOP);
  assert.equal([game.ballY, game.ballX, game.ballDir, game.terminal], [8, 0, 1, false], 'wall flip, then paddle flip');
  game.act(NOOP);
  assert.equal([game.ballY, game.ballX, game.ballDir], [7, 1, 1]);
  game.reset();
  place(game, 0, 9, 1); // up-right into the top-right corner
  game.bricks[18] = 0;
  game.act(NOOP);
  assert.equal([game.ballY, game.ballX, game.ballDir], [0, 9, 3], 'both directions flip, the ball stays in the corner');
});

B('the three rows refill when the ball reaches the paddle row with no brick left', () => {
  const game = new Breakout(new Rng(0), { ramping: true });
  game.bricks.fill(0);
  place(game, 7, 2, 2);
  game.paddle = 3;
  game.act(NOOP);
  assert.is(game.brickCount(), 0, 'no refill before the paddle row');
  game.act(NOOP);
  assert.is(game.brickCount(), 30);
  assert.not.ok(game.terminal);
});

B('observations have 4 channels of 0/1 and are deterministic under a seed', () => {
  const run = (seed: number) => {
    const game = new Breakout(new Rng(seed), { ramping: true });
    const actions = new Rng(99);
    const trace: number[] = [];
    for (let t = 0; t < 1000; t++) {
      if (game.terminal) game.reset();
      trace.push(game.act([0, 1, 3][actions.nextInt(3)]));
      const obs = observe(game);
      for (const v of obs) assert.ok(v === 0 || v === 1);
      assert.is(cells(obs, PADDLE).length, 1);
      assert.is(cells(obs, BALL).length, 1);
      trace.push(...obs);
    }
    return trace;
  };
  assert.equal(run(5), run(5));
  assert.equal(new Breakout(new Rng(0), { ramping: true }).channels.length, C);
});

B('a random policy scores rarely and loses the ball within a few bounces', () => {
  // The ball needs 6 frames to reach the paddle row from row 3 and a random paddle catches
  // it about one time in five, so episodes are short (≈ 7–20 steps) and returns small
  // (under 2 on average); MinAtar's published random-agent Breakout return is below 1.
  const rng = new Rng(1);
  const game = new Breakout(rng, { ramping: true });
  let episodes = 0, steps = 0, ret = 0;
  while (episodes < 500) {
    ret += game.act([0, 1, 3][rng.nextInt(3)]);
    steps++;
    if (game.terminal) {
      episodes++;
      game.reset();
    }
  }
  assert.ok(steps / episodes > 6 && steps / episodes < 30, `mean length ${steps / episodes}`);
  assert.ok(ret / episodes > 0.1 && ret / episodes < 2, `mean return ${ret / episodes}`);
});

B.run();
