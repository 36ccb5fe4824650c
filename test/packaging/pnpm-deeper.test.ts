/**
 * `pnpm deeper …` inside the repository: runs the TypeScript sources with no build step
 * (experiments/bin/deeper.js picks src/ when it is there), and around an error prints only
 * the command's own message: no `$ tsx …` echo and no `ELIFECYCLE` line from pnpm.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pnpm } from './pack-install';

const PnpmDeeper = suite('pnpm deeper');

PnpmDeeper('an error prints the command\'s message alone and exits 1', () => {
  const ran = pnpm(['deeper', 'envs', 'rollout', '--env', 'NoSuch-v0'], { allowFailure: true });
  assert.is(ran.status, 1, ran.stdout + ran.stderr);
  assert.is(ran.stdout, '');
  assert.is(ran.stderr.trim(), 'deeper: make expects a registered env id, but received "NoSuch-v0"; run `deeper envs list` to see them');
});

PnpmDeeper('a command runs from the sources and prints only its output', () => {
  const ran = pnpm(['deeper', 'envs', 'list', '--json']);
  const lines = ran.stdout.trim().split('\n');
  assert.ok(lines.every((line) => line.startsWith('{')), ran.stdout);
  assert.ok(lines.some((line) => JSON.parse(line).id === 'CartPole-v1'));
  assert.not.match(ran.stdout + ran.stderr, /ELIFECYCLE|\$ tsx/);
});

PnpmDeeper.run();
