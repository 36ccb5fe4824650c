import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../envs/src/rng';
import { SpaceInvaders } from '../../../envs/src/minatar/space-invaders';
import { MinAtarEnv } from '../../../envs/src/minatar/minatar-env';
import { checkEnv } from '../../../envs/src/check-env';
import { observe, cellsOf, assertSameSeedEpisodes, assertTwinGamesReplay } from './grid-helpers';

const C = 6;
const NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4, FIRE = 5;
const CANNON = 0, ALIEN = 1, ALIEN_LEFT = 2, ALIEN_RIGHT = 3, FRIENDLY_BULLET = 4, ENEMY_BULLET = 5;

const cells = cellsOf(C);

/** Replaces the block by aliens at the given `[row, col]` cells. */
function setAliens(game: SpaceInvaders, list: [number, number][]): void {
  game.aliens.fill(0);
  for (const [r, c] of list) game.aliens[r] |= 1 << c;
}

function game(ramping = true): SpaceInvaders {
  return new SpaceInvaders(new Rng(0), { ramping });
}

const SpaceInvadersSuite = suite('SpaceInvaders');

SpaceInvadersSuite('starting state: cannon at 9,5, 24 aliens in rows 0–3 × columns 2–7 heading left', () => {
  const g = game();
  assert.is(g.channels.length, C);
  assert.equal([...g.minimalActions], [0, 1, 3, 5]);
  const obs = observe(g);
  assert.ok(obs.every((v) => v === 0 || v === 1));
  assert.equal(cells(obs, CANNON), ['9,5']);
  const block: string[] = [];
  for (let r = 0; r < 4; r++) for (let c = 2; c < 8; c++) block.push(`${r},${c}`);
  assert.equal(cells(obs, ALIEN), block);
  assert.equal(cells(obs, ALIEN_LEFT), block);
  assert.equal(cells(obs, ALIEN_RIGHT), []);
  assert.is(g.alienCount(), 24);
});

SpaceInvadersSuite('the cannon moves left/right within the row; up and down do nothing', () => {
  const g = game();
  g.act(UP);
  g.act(DOWN);
  assert.is(g.cannon, 5);
  for (let i = 0; i < 7; i++) g.act(LEFT);
  assert.is(g.cannon, 0);
  g.act(RIGHT);
  assert.equal(cells(observe(g), CANNON), ['9,1']);
});

SpaceInvadersSuite('fire: the bullet rises a row a frame, hits the first alien for +1, cool-down 5 frames', () => {
  const g = game();
  g.alienShotTimer = 1e9;
  assert.is(g.act(FIRE), 0);
  assert.equal(cells(observe(g), FRIENDLY_BULLET), ['8,5']);
  const rewards = [];
  for (let t = 2; t <= 6; t++) rewards.push(g.act(FIRE));
  // Frame 6 fires again (cool-down over) while the first bullet reaches the alien at 3,5.
  assert.equal(rewards, [0, 0, 0, 0, 1]);
  assert.is(g.alienCount(), 23);
  assert.not.ok(cells(observe(g), ALIEN).includes('3,5'));
  assert.equal(cells(observe(g), FRIENDLY_BULLET), ['8,5']);
});

SpaceInvadersSuite('the block moves on frame 13, then every min(#aliens, interval) frames', () => {
  const g = game();
  g.alienShotTimer = 1e9;
  for (let t = 1; t <= 12; t++) g.act(NOOP);
  assert.ok(cells(observe(g), ALIEN).includes('0,2'));
  g.act(NOOP);
  assert.ok(cells(observe(g), ALIEN).includes('0,1'));
  assert.not.ok(cells(observe(g), ALIEN).includes('0,7'));
  const few = game();
  few.alienShotTimer = 1e9;
  setAliens(few, [[0, 5], [0, 6], [0, 7]]);
  few.moveTimer = 0;
  const lefts: number[] = [];
  for (let t = 0; t < 9; t++) {
    few.act(NOOP);
    lefts.push(Number(cells(observe(few), ALIEN)[0].split(',')[1]));
  }
  assert.equal(lefts, [4, 4, 4, 3, 3, 3, 2, 2, 2], 'three aliens: a step every 3 frames');
  const lone = game();
  lone.alienShotTimer = 1e9;
  setAliens(lone, [[0, 8]]);
  lone.moveTimer = 0;
  for (let t = 0; t < 3; t++) lone.act(NOOP);
  assert.equal(cells(observe(lone), ALIEN), ['0,5'], 'a lone alien moves every frame');
});

SpaceInvadersSuite('at the edge the block steps down and reverses; the heading channel follows', () => {
  const g = game();
  g.alienShotTimer = 1e9;
  setAliens(g, [[2, 0], [2, 3]]);
  g.moveTimer = 0;
  g.act(NOOP);
  const obs = observe(g);
  assert.equal(cells(obs, ALIEN), ['3,0', '3,3']);
  assert.equal(cells(obs, ALIEN_RIGHT), ['3,0', '3,3']);
  assert.equal(cells(obs, ALIEN_LEFT), []);
  assert.is(g.direction, 1);
  g.moveTimer = 0;
  g.act(NOOP);
  assert.equal(cells(observe(g), ALIEN), ['3,1', '3,4']);
});

SpaceInvadersSuite('the lowest alien of the nearest column fires (ties to the left); its bullet ends the game', () => {
  const tie = game();
  setAliens(tie, [[1, 4], [0, 6], [3, 6]]);
  tie.moveTimer = 1e9;
  tie.alienShotTimer = 0;
  tie.act(NOOP);
  assert.equal(cells(observe(tie), ENEMY_BULLET), ['1,4']);

  const g = game();
  const bullets: string[] = [];
  let frames = 0;
  while (!g.terminal) {
    g.act(NOOP);
    frames++;
    bullets.push(cells(observe(g), ENEMY_BULLET).join(' '));
  }
  // The shot timer runs out on frame 11: the bullet starts at the lowest alien of column 5
  // (3,5) and falls one row a frame to the cannon on frame 17.
  assert.is(bullets[9], '');
  assert.is(bullets[10], '3,5');
  assert.is(bullets[11], '4,5');
  assert.is(frames, 17);
});

SpaceInvadersSuite('dodging: a bullet that reaches row 9 beside the cannon does no harm', () => {
  const g = game();
  for (let t = 0; t < 16; t++) g.act(t === 12 ? LEFT : NOOP);
  g.act(NOOP);
  assert.not.ok(g.terminal);
  g.act(NOOP);
  assert.equal(cells(observe(g), ENEMY_BULLET), []);
});

SpaceInvadersSuite('several aliens hit in one frame score one each', () => {
  const g = game();
  g.alienShotTimer = 1e9;
  g.moveTimer = 1e9;
  setAliens(g, [[3, 3], [3, 4], [2, 5]]);
  g.friendlyBullets[4] = (1 << 3) | (1 << 4);
  assert.is(g.act(NOOP), 2);
  assert.is(g.alienCount(), 1);
  assert.equal(cells(observe(g), FRIENDLY_BULLET), []);
});

SpaceInvadersSuite('clearing a wave refills the 24 aliens and lowers the move interval to at least 6', () => {
  const g = game();
  g.alienShotTimer = 1e9;
  setAliens(g, [[0, 5]]);
  g.moveTimer = 3;
  g.friendlyBullets[1] = 1 << 5;
  assert.is(g.act(NOOP), 1);
  assert.is(g.alienCount(), 24);
  assert.is(g.moveInterval, 11);
  assert.is(g.rampIndex, 1);
  assert.is(g.direction, -1);
  assert.is(g.moveTimer, 2, 'the timer carries on');
  for (let wave = 0; wave < 10; wave++) {
    setAliens(g, [[0, 5]]);
    g.moveTimer = 1e9;
    g.friendlyBullets[1] = 1 << 5;
    assert.is(g.act(NOOP), 1);
  }
  assert.is(g.moveInterval, 6);
  const flat = game(false);
  flat.alienShotTimer = 1e9;
  setAliens(flat, [[0, 5]]);
  flat.friendlyBullets[1] = 1 << 5;
  assert.is(flat.act(NOOP), 1);
  assert.is(flat.alienCount(), 24);
  assert.is(flat.moveInterval, 12);
});

SpaceInvadersSuite('the game ends when the block must step down from row 9 or an alien meets the cannon', () => {
  const down = game();
  down.alienShotTimer = 1e9;
  setAliens(down, [[8, 0]]);
  down.moveTimer = 0;
  down.act(NOOP);
  assert.not.ok(down.terminal, 'reaching row 9 away from the cannon');
  assert.equal(cells(observe(down), ALIEN), ['9,0']);
  down.moveTimer = 0;
  down.direction = -1;
  down.act(NOOP);
  assert.ok(down.terminal, 'no row left to step down to');

  const onto = game();
  onto.alienShotTimer = 1e9;
  setAliens(onto, [[9, 6]]);
  onto.moveTimer = 0;
  onto.act(NOOP);
  assert.ok(onto.terminal, 'the alien steps onto the cannon');

  const into = game();
  into.alienShotTimer = 1e9;
  setAliens(into, [[9, 6]]);
  into.moveTimer = 5;
  into.act(RIGHT);
  assert.ok(into.terminal, 'the cannon steps into the alien');
});

SpaceInvadersSuite('observation stays binary along random play; equal seeds replay equally', () => {
  assertTwinGamesReplay(() => new SpaceInvaders(new Rng(42), { ramping: true }), 1000,
    (obs, game) => assert.is(cells(obs, ALIEN).length, (game as SpaceInvaders).alienCount()));
});

SpaceInvadersSuite('random play (sticky 0.1) looks like the reference', () => {
  // The first alien bullet reaches row 9 on frame 17 and one falls every 11 frames at the
  // cannon's column, so a random cannon survives a few of them: tens of frames and a few
  // kills. The reference (MinAtar 1.0.15, 20k episodes) gives mean length 51.3, return 2.85.
  const rng = new Rng(21);
  const policy = new Rng(22);
  const g = new SpaceInvaders(rng, { ramping: true });
  let last = 0, frames = 0, total = 0, shortest = Infinity;
  const episodes = 1000;
  for (let ep = 0; ep < episodes; ep++) {
    g.reset();
    let length = 0;
    while (!g.terminal) {
      let action = policy.nextInt(6);
      if (rng.nextFloat() < 0.1) action = last;
      last = action;
      total += g.act(action);
      length++;
    }
    frames += length;
    shortest = Math.min(shortest, length);
  }
  assert.is(shortest, 17, 'no episode ends before the first bullet lands');
  const meanLength = frames / episodes;
  const meanReturn = total / episodes;
  assert.ok(meanLength > 46 && meanLength < 57, `mean length ${meanLength}`);
  assert.ok(meanReturn > 2.5 && meanReturn < 3.2, `mean return ${meanReturn}`);
});

SpaceInvadersSuite('through MinAtarEnv: passes checkEnv; -v1 keeps [0, 1, 3, 5]; equal seeds give equal episodes', () => {
  assert.equal(checkEnv(new MinAtarEnv(SpaceInvaders)), []);
  const minimal = new MinAtarEnv(SpaceInvaders, { minimalActions: true });
  assert.equal([...minimal.actionMap], [0, 1, 3, 5]);
  assert.equal(minimal.observationSpace.shape, [10, 10, 6]);
  const episodes = assertSameSeedEpisodes(SpaceInvaders);
  assert.ok(episodes > 3, `episodes ${episodes}`);
});

SpaceInvadersSuite.run();
