import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../envs/src/rng';
import { Seaquest } from '../../../envs/src/minatar/seaquest';
import { MinAtarEnv } from '../../../envs/src/minatar/minatar-env';
import { checkEnv } from '../../../envs/src/check-env';
import { observe, cellsOf, assertSameSeedEpisodes, assertTwinGamesReplay } from './grid-helpers';

const C = 10;
const NOOP = 0, LEFT = 1, UP = 2, RIGHT = 3, DOWN = 4, FIRE = 5;
const FRONT = 0, BACK = 1, FRIENDLY_BULLET = 2, TRAIL = 3, ENEMY_BULLET = 4, FISH = 5, ENEMY_SUB = 6, OXYGEN = 7, DIVER_GAUGE = 8, DIVER = 9;

const cells = cellsOf(C);

function row9(obs: Uint8Array, channel: number): number[] {
  return Array.from({ length: 10 }, (_, c) => obs[(90 + c) * C + channel]);
}

/** A game whose spawn timers never run out, so tests place every entity themselves. */
function quietGame(seed = 0, ramping = true): Seaquest {
  const game = new Seaquest(new Rng(seed), { ramping });
  game.spawnTimer = 1e9;
  game.diverSpawnTimer = 1e9;
  return game;
}

const SeaquestSuite = suite('Seaquest');

SeaquestSuite('starting state: sub at the surface, column 5, facing left; full oxygen gauge', () => {
  const game = new Seaquest(new Rng(1), { ramping: true });
  assert.is(game.channels.length, C);
  assert.equal([...game.minimalActions], [0, 1, 2, 3, 4, 5]);
  const obs = observe(game);
  assert.ok(obs.every((v) => v === 0 || v === 1));
  assert.equal(cells(obs, FRONT), ['0,5']);
  assert.equal(cells(obs, BACK), ['0,6']);
  assert.equal(row9(obs, OXYGEN), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  assert.equal(cells(obs, DIVER_GAUGE), []);
  for (const ch of [FRIENDLY_BULLET, TRAIL, ENEMY_BULLET, FISH, ENEMY_SUB, DIVER]) assert.equal(cells(obs, ch), []);
});

SeaquestSuite('the back cell is behind the heading; left/right turn the sub, up/down do not', () => {
  const game = quietGame();
  game.act(DOWN);
  game.act(RIGHT);
  let obs = observe(game);
  assert.equal(cells(obs, FRONT), ['1,6']);
  assert.equal(cells(obs, BACK), ['1,5']);
  game.act(DOWN);
  obs = observe(game);
  assert.equal(cells(obs, FRONT), ['2,6']);
  assert.equal(cells(obs, BACK), ['2,5']);
  game.act(LEFT);
  obs = observe(game);
  assert.equal(cells(obs, FRONT), ['2,5']);
  assert.equal(cells(obs, BACK), ['2,6']);
});

SeaquestSuite('the sub stays in rows 0..8 and columns 0..9', () => {
  const game = quietGame();
  for (let i = 0; i < 12; i++) game.act(DOWN);
  assert.is(game.subY, 8);
  for (let i = 0; i < 12; i++) game.act(LEFT);
  assert.is(game.subX, 0);
  for (let i = 0; i < 12; i++) game.act(RIGHT);
  assert.is(game.subX, 9);
});

SeaquestSuite('oxygen drops by one per frame below the surface; the frame that starts at 0 ends the episode', () => {
  const game = quietGame();
  game.act(NOOP);
  assert.is(game.oxygen, 200, 'no loss at the surface');
  game.act(DOWN);
  assert.is(game.oxygen, 199);
  let frames = 1;
  while (!game.terminal) {
    const before = game.oxygen;
    game.act(NOOP);
    frames++;
    if (!game.terminal) assert.is(game.oxygen, before - 1);
    if (frames === 200) {
      assert.is(game.oxygen, 0);
      assert.not.ok(game.terminal, 'oxygen 0 is still alive');
      assert.equal(row9(observe(game), OXYGEN), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
  }
  assert.is(frames, 201);
  // v1.0.11+: the gauge never flashes full at the end.
  assert.equal(row9(observe(game), OXYGEN), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
});

SeaquestSuite('oxygen gauge lights floor(oxygen * 10 / 200) cells from the left', () => {
  const game = quietGame();
  for (const [oxygen, lit] of [[200, 10], [199, 9], [180, 9], [179, 8], [20, 1], [19, 0], [0, 0]]) {
    game.oxygen = oxygen;
    const gauge = row9(observe(game), OXYGEN);
    assert.is(gauge.reduce((a, b) => a + b, 0), lit, `oxygen ${oxygen}`);
    assert.equal(gauge.slice(0, lit), new Array(lit).fill(1));
  }
});

SeaquestSuite('surfacing with oxygen 0 still ends the episode, even with a diver on board', () => {
  const game = quietGame();
  game.act(DOWN);
  game.oxygen = 0;
  game.diverCount = 1;
  game.act(UP);
  assert.ok(game.terminal);
});

SeaquestSuite('surfacing with no diver ends the episode; idling at the start does not', () => {
  const game = quietGame();
  for (let i = 0; i < 5; i++) game.act(NOOP);
  game.act(RIGHT);
  assert.not.ok(game.terminal);
  game.act(DOWN);
  assert.not.ok(game.terminal);
  const reward = game.act(UP);
  assert.is(reward, 0);
  assert.ok(game.terminal);
  assert.is(game.oxygen, 199, 'no refill');
});

SeaquestSuite('surfacing with some divers costs one, refills oxygen and ramps the difficulty', () => {
  const game = quietGame();
  game.act(DOWN);
  game.diverCount = 3;
  game.oxygen = 57;
  assert.is(game.act(UP), 0);
  assert.not.ok(game.terminal);
  assert.is(game.diverCount, 2);
  assert.is(game.oxygen, 200);
  assert.is(game.spawnInterval, 19);
  assert.is(game.moveInterval, 5, 'the move interval ramps on odd ramp indices only');
  assert.is(game.rampIndex, 1);
  assert.equal(row9(observe(game), DIVER_GAUGE), [0, 0, 0, 0, 0, 0, 0, 1, 1, 0]);
  game.act(DOWN);
  game.act(UP);
  assert.is(game.diverCount, 1);
  assert.is(game.spawnInterval, 18);
  assert.is(game.moveInterval, 4);
  assert.is(game.rampIndex, 2);
});

SeaquestSuite('ramping stops at spawn interval 1 and move interval 2, and is off when disabled', () => {
  const game = quietGame();
  game.diverCount = 100;
  for (let i = 0; i < 40; i++) {
    game.act(DOWN);
    game.act(UP);
  }
  assert.is(game.spawnInterval, 1);
  assert.is(game.moveInterval, 2);
  const flat = quietGame(0, false);
  flat.diverCount = 3;
  flat.act(DOWN);
  flat.act(UP);
  assert.is(flat.spawnInterval, 20);
  assert.is(flat.moveInterval, 5);
  assert.is(flat.rampIndex, 0);
});

SeaquestSuite('full crew: +floor(oxygen*10/200), then the count is −1 and the next empty surfacing survives', () => {
  const game = quietGame();
  game.act(DOWN);
  game.diverCount = 6;
  game.oxygen = 150;
  assert.equal(row9(observe(game), DIVER_GAUGE), [0, 0, 0, 1, 1, 1, 1, 1, 1, 0]);
  assert.is(game.act(UP), Math.floor((150 * 10) / 200));
  assert.is(game.diverCount, -1);
  assert.equal(row9(observe(game), DIVER_GAUGE), new Array(10).fill(0));
  game.act(DOWN);
  assert.is(game.act(UP), 0);
  assert.not.ok(game.terminal, 'a count of −1 is not 0');
  assert.is(game.diverCount, -2);
});

SeaquestSuite('fire: the bullet leaves from the sub in its heading, one cell a frame, every 5 frames', () => {
  const game = quietGame();
  game.act(DOWN);
  game.act(RIGHT);
  game.act(FIRE);
  assert.equal(cells(observe(game), FRIENDLY_BULLET), ['1,7']);
  assert.equal(cells(observe(game), FRONT), ['1,6'], 'firing does not move the sub');
  game.act(FIRE);
  assert.equal(cells(observe(game), FRIENDLY_BULLET), ['1,8'], 'cool-down: no second bullet');
  for (let i = 0; i < 3; i++) game.act(FIRE);
  assert.is(game.count('friendly-bullet'), 0, 'left the grid at column 10');
  game.act(FIRE);
  assert.equal(cells(observe(game), FRIENDLY_BULLET), ['1,7'], 'fires again 5 frames after the first shot');
  game.act(LEFT);
  game.act(LEFT);
  game.act(LEFT);
  game.act(LEFT);
  game.act(FIRE);
  assert.equal(cells(observe(game), FRIENDLY_BULLET), ['1,1'], 'facing left, fires left');
});

SeaquestSuite('a bullet hitting a fish or an enemy sub scores +1 and removes both', () => {
  const game = quietGame();
  game.act(DOWN);
  game.act(RIGHT);
  game.place('fish', 8, 1, false, 100);
  game.place('enemy-sub', 8, 2, false, 100, 100);
  assert.is(game.act(FIRE), 0);
  assert.is(game.act(NOOP), 1);
  assert.is(game.count('fish'), 0);
  assert.is(game.count('friendly-bullet'), 0);
  game.act(DOWN);
  game.act(NOOP);
  game.act(NOOP);
  assert.is(game.act(FIRE), 0);
  assert.is(game.act(NOOP), 1);
  assert.is(game.count('enemy-sub'), 0);
});

SeaquestSuite('an enemy stepping onto a bullet dies too; two kills in one frame score 2', () => {
  const game = quietGame();
  game.act(DOWN);
  game.act(RIGHT);
  game.place('fish', 8, 1, false, 0);
  game.place('fish', 9, 1, false, 1);
  // Bullet to 7; the first fish steps 8 → 7 onto it.
  assert.is(game.act(FIRE), 1);
  assert.is(game.count('fish'), 1);
  const twin = quietGame();
  twin.act(DOWN);
  twin.place('fish', 3, 1, true, 100);
  twin.place('enemy-sub', 4, 2, true, 100, 100);
  twin.place('friendly-bullet', 1, 1, true);
  twin.place('friendly-bullet', 2, 2, true);
  assert.is(twin.act(NOOP), 0);
  assert.is(twin.act(NOOP), 2);
});

SeaquestSuite('reference quirks: the newer of two bullets scores; a sub hit while stepping still fires', () => {
  const game = quietGame();
  game.act(DOWN);
  game.place('friendly-bullet', 2, 5, true);
  game.place('friendly-bullet', 4, 5, false);
  game.place('fish', 3, 5, true, 100);
  assert.is(game.act(NOOP), 1);
  assert.equal(cells(observe(game), FRIENDLY_BULLET), ['5,3']);
  game.act(NOOP);
  assert.equal(cells(observe(game), FRIENDLY_BULLET), ['5,4'], 'the older bullet flies on to the right');

  const shooter = quietGame();
  shooter.act(DOWN);
  shooter.place('friendly-bullet', 3, 6, false);
  shooter.place('enemy-sub', 1, 6, true, 0, 0);
  // The bullet moves 3 → 2, then the sub steps 1 → 2 onto it: both die, and the sub's
  // shot (timer 0) leaves from 2,6 and moves on with the enemy bullets to 3,6.
  assert.is(shooter.act(NOOP), 1);
  assert.is(shooter.count('enemy-sub'), 0);
  assert.equal(cells(observe(shooter), ENEMY_BULLET), ['6,3']);
});

SeaquestSuite('touching a fish, an enemy sub or an enemy bullet ends the episode', () => {
  for (const kind of ['fish', 'enemy-sub', 'enemy-bullet'] as const) {
    const game = quietGame();
    game.act(DOWN);
    // Bullets step every frame; fish and subs when their move timer (here 1) has run out.
    game.place(kind, kind === 'enemy-bullet' ? 3 : 4, 1, true, 1, 100);
    game.act(NOOP);
    assert.not.ok(game.terminal, `${kind} one cell away`);
    game.act(NOOP);
    assert.ok(game.terminal, `${kind} reaches the sub`);
  }
  const game = quietGame();
  game.act(DOWN);
  game.place('fish', 4, 1, true, 100);
  game.act(LEFT);
  assert.ok(game.terminal, 'moving onto a fish');
});

SeaquestSuite('enemies step every move interval + 1 frames and leave a trail; subs fire every 11 frames', () => {
  const game = quietGame();
  game.act(DOWN);
  game.act(DOWN);
  game.act(DOWN);
  game.act(DOWN);
  game.place('enemy-sub', 0, 7, true);
  const xs: number[] = [];
  const shots: number[] = [];
  for (let t = 1; t <= 24; t++) {
    const bulletsBefore = game.count('enemy-bullet');
    game.act(NOOP);
    const obs = observe(game);
    const sub = cells(obs, ENEMY_SUB)[0];
    xs.push(Number(sub.split(',')[1]));
    if (game.count('enemy-bullet') > bulletsBefore) shots.push(t);
    if (xs[xs.length - 1] > 0) assert.ok(cells(obs, TRAIL).includes(`7,${xs[xs.length - 1] - 1}`));
  }
  // Timer 5 counts down to 0 over frames 1–5 and the sub steps on frame 6, then every 6.
  assert.equal(xs.slice(0, 13), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2]);
  assert.equal(shots, [11, 22]);
  assert.ok(cells(observe(game), ENEMY_BULLET).length > 0);
});

SeaquestSuite('divers: picked up on contact (at most 6), counted in the gauge', () => {
  const game = quietGame();
  game.act(DOWN);
  game.place('diver', 4, 1, true, 100);
  game.act(LEFT);
  assert.is(game.diverCount, 1);
  assert.is(game.count('diver'), 0);
  assert.equal(row9(observe(game), DIVER_GAUGE), [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  game.diverCount = 6;
  game.place('diver', 3, 1, true, 100);
  game.act(LEFT);
  assert.is(game.diverCount, 6, 'no room for a seventh');
  assert.is(game.count('diver'), 1);
  assert.equal(cells(observe(game), DIVER), ['1,3']);
});

SeaquestSuite('spawns: first enemy on frame 21 at an edge in rows 1–8, first diver on frame 31', () => {
  for (let seed = 0; seed < 10; seed++) {
    const game = new Seaquest(new Rng(seed), { ramping: true });
    for (let t = 1; t <= 20; t++) game.act(NOOP);
    assert.is(game.count('fish') + game.count('enemy-sub'), 0);
    game.act(NOOP);
    assert.is(game.count('fish') + game.count('enemy-sub'), 1);
    const obs = observe(game);
    const [r, c] = [...cells(obs, FISH), ...cells(obs, ENEMY_SUB)][0].split(',').map(Number);
    assert.ok(r >= 1 && r <= 8 && (c === 0 || c === 9), `enemy at ${r},${c}`);
    for (let t = 22; t <= 30; t++) game.act(NOOP);
    assert.is(game.count('diver'), 0);
    game.act(NOOP);
    assert.is(game.count('diver'), 1);
  }
});

SeaquestSuite('a spawn is skipped in a row holding an enemy moving the other way', () => {
  const game = new Seaquest(new Rng(5), { ramping: true });
  game.diverSpawnTimer = 1e9;
  // Frozen enemies: each spawn stays at its edge, column 0 if it heads right, 9 if left.
  game.moveInterval = 1e9;
  for (let row = 1; row <= 8; row++) game.place('fish', 5, row, true);
  for (let i = 0; i < 40; i++) {
    game.spawnTimer = 0;
    game.act(NOOP);
  }
  // 40 draws, about half heading left: every one of those was skipped.
  const obs = observe(game);
  const spawned = [...cells(obs, FISH), ...cells(obs, ENEMY_SUB)].filter((cell) => !cell.endsWith(',5'));
  assert.ok(spawned.length > 0);
  assert.ok(spawned.every((cell) => cell.endsWith(',0')), spawned.join(' '));
});

SeaquestSuite('observation is 10×10×10 and binary along random play; equal seeds replay equally', () => {
  assert.is(new Seaquest(new Rng(42), { ramping: true }).channels.length, 10);
  assertTwinGamesReplay(() => new Seaquest(new Rng(42), { ramping: true }));
});

SeaquestSuite('random play (sticky 0.1) looks like the reference: short episodes, rare kills', () => {
  // With uniform actions the sub goes down and comes back up within ~30 frames, and coming
  // up with no diver ends the episode; enemies appear only from frame 21. The reference
  // (MinAtar 1.0.15, 20k episodes) gives mean length 30.5 and mean return 0.10.
  const rng = new Rng(11);
  const policy = new Rng(12);
  const game = new Seaquest(rng, { ramping: true });
  let last = 0, frames = 0, total = 0;
  const episodes = 1000;
  for (let ep = 0; ep < episodes; ep++) {
    game.reset();
    while (!game.terminal) {
      let action = policy.nextInt(6);
      if (rng.nextFloat() < 0.1) action = last;
      last = action;
      total += game.act(action);
      frames++;
    }
  }
  const meanLength = frames / episodes;
  const meanReturn = total / episodes;
  assert.ok(meanLength > 26 && meanLength < 35, `mean length ${meanLength}`);
  assert.ok(meanReturn > 0.05 && meanReturn < 0.16, `mean return ${meanReturn}`);
});

SeaquestSuite('through MinAtarEnv: passes checkEnv; -v1 keeps [0, 1, 2, 3, 4, 5]; equal seeds give equal episodes', () => {
  assert.equal(checkEnv(new MinAtarEnv(Seaquest)), []);
  const minimal = new MinAtarEnv(Seaquest, { minimalActions: true });
  assert.equal([...minimal.actionMap], [0, 1, 2, 3, 4, 5]);
  assert.equal(minimal.observationSpace.shape, [10, 10, 10]);
  const episodes = assertSameSeedEpisodes(Seaquest);
  assert.ok(episodes > 3, `episodes ${episodes}`);
});

SeaquestSuite.run();
