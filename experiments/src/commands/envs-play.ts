/**
 * `deeper envs play --env <id> [--fps F] [--seed S]`: play a MinAtar game in the terminal.
 * Arrows or WASD move, space fires, r restarts after a game over, q (or Ctrl-C) quits. The
 * game advances at a fixed tick (default 10 frames per second, the envs' render rate); a tick
 * with no key pressed is a no-op, as a released joystick. The grid is drawn with 24-bit ANSI
 * background colours, two characters per cell so cells look square. Needs an interactive
 * terminal: stdin must be a TTY for raw key input.
 */
import { emitKeypressEvents } from 'node:readline';
import type { Command } from 'commander';
import { make, MinAtarEnv, minatarBackground, minatarDrawOrder, minatarPalette, type Env, type Wrapper } from '@deeper/envs';

/** Full-set MinAtar actions: 0 noop, 1 left, 2 up, 3 right, 4 down, 5 fire. */
const KEY_ACTIONS: Readonly<Record<string, number>> = {
  left: 1, a: 1,
  up: 2, w: 2,
  right: 3, d: 3,
  down: 4, s: 4,
  space: 5,
};

/**
 * The index into the env's action space for a key name (readline's `key.name`), or
 * undefined for a key that is not a game key. A move the env's action set lacks (a `-v1`
 * minimal set) plays as a no-op.
 */
export function keyToAction(key: string, actionMap: readonly number[]): number | undefined {
  const full = KEY_ACTIONS[key];
  if (full === undefined) return undefined;
  const index = actionMap.indexOf(full);
  return index >= 0 ? index : Math.max(0, actionMap.indexOf(0));
}

/** The ANSI string that draws `env`'s last observation: one line per row, two spaces per cell. */
export function renderAnsi(env: MinAtarEnv, status = ''): string {
  const obs = env.lastObservation;
  const channels = env.channels;
  const palette = minatarPalette(env.game.name, channels);
  const order = minatarDrawOrder[env.game.name] ?? palette.map((_, c) => c);
  const lines: string[] = [];
  for (let r = 0; r < 10; r++) {
    let line = '';
    for (let c = 0; c < 10; c++) {
      let color = minatarBackground;
      for (const ch of order) {
        if (obs[(r * 10 + c) * channels + ch]) {
          color = palette[ch];
          break;
        }
      }
      line += `\x1b[48;2;${color[0]};${color[1]};${color[2]}m  `;
    }
    lines.push(`${line}\x1b[0m`);
  }
  if (status) lines.push(status);
  return lines.join('\n');
}

/** The MinAtarEnv under any wrappers, or an error naming the env. */
export function unwrapMinAtar(env: Env, id: string): MinAtarEnv {
  let inner: Env = env;
  while (!(inner instanceof MinAtarEnv) && 'env' in inner) inner = (inner as Wrapper).env as Env;
  if (!(inner instanceof MinAtarEnv)) {
    throw new Error(`deeper envs play expects a MinAtar env id (MinAtar/Breakout-v1, …), but received ${JSON.stringify(id)}; use \`deeper envs record\` for other envs`);
  }
  return inner;
}

export interface PlayConfig {
  /** Registered MinAtar id; required. */
  env: string;
  /** Game frames per second; default 10. */
  fps: number;
  /** Seed of the first reset; default: the time. */
  seed: number | undefined;
}

/** Runs the interactive game until q; resolves when the player quits. */
export function play(config: PlayConfig): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new Error('deeper envs play expects an interactive terminal (stdin and stdout must be a TTY), but received a pipe or file; run it in a terminal, or write a GIF with `deeper envs record`');
  }
  if (!(config.fps > 0 && config.fps <= 60)) throw new Error(`deeper envs play expects --fps in (0, 60], but received ${config.fps}`);
  const wrapped = make(config.env) as Env;
  const env = unwrapMinAtar(wrapped, config.env);
  const noop = Math.max(0, env.actionMap.indexOf(0));
  let pending: number | undefined;
  let episodeReturn = 0, steps = 0, over = false;
  const help = 'arrows/WASD move, space fires, q quits';
  const draw = (status: string) => process.stdout.write(`\x1b[H${renderAnsi(env, `${config.env}  return ${episodeReturn}  steps ${steps}\x1b[K\n${status}\x1b[K`)}\n`);
  const restart = (seed?: number) => {
    env.reset(seed === undefined ? {} : { seed });
    episodeReturn = 0;
    steps = 0;
    over = false;
    pending = undefined;
    draw(help);
  };
  return new Promise((resolve) => {
    emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdout.write('\x1b[2J\x1b[?25l');
    const finish = () => {
      clearInterval(timer);
      process.stdin.off('keypress', onKey);
      process.stdin.setRawMode(false);
      process.stdin.pause();
      process.stdout.write('\x1b[?25h\n');
      wrapped.close();
      resolve();
    };
    const onKey = (_: string, key: { name?: string; ctrl?: boolean } | undefined) => {
      const name = key?.name ?? '';
      if (name === 'q' || (key?.ctrl && name === 'c')) return finish();
      if (over && name === 'r') return restart();
      const action = keyToAction(name, env.actionMap);
      if (action !== undefined) pending = action;
    };
    process.stdin.on('keypress', onKey);
    const timer = setInterval(() => {
      if (over) return;
      const result = env.step(pending ?? noop);
      pending = undefined;
      steps++;
      episodeReturn += result.reward;
      over = result.terminated || result.truncated;
      draw(over ? `game over: return ${episodeReturn} in ${steps} steps; r restarts, q quits` : help);
    }, 1000 / config.fps);
    restart(config.seed ?? Date.now() % 1_000_000);
  });
}

export function register(envs: Command): void {
  envs
    .command('play')
    .description('play a MinAtar game in the terminal with the keyboard')
    .requiredOption('--env <id>', 'MinAtar env id, e.g. MinAtar/Breakout-v1')
    .option('--fps <n>', 'game frames per second', Number, 10)
    .option('--seed <n>', 'seed of the first episode (default: the time)', Number)
    .action(async (opts: { env: string; fps: number; seed?: number }) => {
      await play({ env: opts.env, fps: opts.fps, seed: opts.seed });
    });
}
