import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { keyToAction, play, renderAnsi, unwrapMinAtar } from '../../experiments/src/commands/envs-play';
import { MinAtarEnv } from '../../envs/src/minatar/minatar-env';
import { Breakout } from '../../envs/src/minatar/breakout';
import { minatarBackground, minatarPalettes } from '../../envs/src/minatar/colors';
import { CartPole } from '../../envs/src/classic-control/cart-pole';

const K = suite('keyToAction');

K('maps arrows, WASD and space to the env’s action indices', () => {
  const full = [0, 1, 2, 3, 4, 5];
  assert.is(keyToAction('left', full), 1);
  assert.is(keyToAction('a', full), 1);
  assert.is(keyToAction('up', full), 2);
  assert.is(keyToAction('d', full), 3);
  assert.is(keyToAction('s', full), 4);
  assert.is(keyToAction('space', full), 5);
  assert.is(keyToAction('x', full), undefined);
  // Breakout -v1: [noop, left, right]; up and fire are not in the set and play as no-op.
  const minimal = [0, 1, 3];
  assert.is(keyToAction('right', minimal), 2);
  assert.is(keyToAction('up', minimal), 0);
  assert.is(keyToAction('space', minimal), 0);
});

K.run();

const A = suite('renderAnsi');

A('draws 10 rows of 10 two-character cells in the palette colours', () => {
  const env = new MinAtarEnv(Breakout);
  env.reset({ seed: 0 });
  const text = renderAnsi(env, 'status');
  const lines = text.split('\n');
  assert.is(lines.length, 11);
  assert.is(lines[10], 'status');
  const cellsOf = (line: string) => [...line.matchAll(/\x1b\[48;2;(\d+);(\d+);(\d+)m {2}/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
  for (let r = 0; r < 10; r++) {
    assert.is(cellsOf(lines[r]).length, 10);
    assert.ok(lines[r].endsWith('\x1b[0m'), 'colours reset at the end of each line');
  }
  const brick = [...minatarPalettes.Breakout[3]], paddle = [...minatarPalettes.Breakout[0]];
  assert.equal(cellsOf(lines[1]), Array(10).fill(brick));
  assert.equal(cellsOf(lines[9])[(env.game as Breakout).paddle], paddle);
  assert.equal(cellsOf(lines[6])[5], [...minatarBackground]);
});

A.run();

const P = suite('play');

P('refuses to start without a TTY, with a clear message', () => {
  assert.not.ok(process.stdin.isTTY, 'the test runner gives no TTY');
  assert.throws(() => play({ env: 'MinAtar/Breakout-v1', fps: 10, seed: 0 }), /interactive terminal.*deeper envs record/);
});

P('unwrapMinAtar refuses a non-MinAtar env', () => {
  assert.throws(() => unwrapMinAtar(new CartPole(), 'CartPole-v1'), /MinAtar env id/);
  const env = new MinAtarEnv(Breakout);
  assert.is(unwrapMinAtar(env, 'x'), env);
});

P.run();
