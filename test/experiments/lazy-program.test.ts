import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import type { Command } from '../../experiments/node_modules/commander';
import { buildProgram } from '../../experiments/src/cli';
import { buildProgramFor, commandNamed } from '../../experiments/src/lazy-program';
import { commandGroups } from '../../experiments/src/command-groups';

const LazyProgram = suite('lazy program');

/** Help text with time stamps (e.g. stress's default `--out runs/stress-<ms>`) masked. */
function help(cmd: Command): string {
  return cmd.helpInformation().replace(/\d{10,}/g, '<time>');
}

function sub(program: Command, name: string): Command {
  const found = program.commands.find((c) => c.name() === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
}

LazyProgram('commandNamed finds the first operand after the root options, or the one after help', () => {
  assert.is(commandNamed([]), null);
  assert.is(commandNamed(['--help']), null);
  assert.is(commandNamed(['envs', 'list']), 'envs');
  assert.is(commandNamed(['--backend', 'cpu', 'dqn', 'train']), 'dqn');
  assert.is(commandNamed(['--backend=cpu', 'gan']), 'gan');
  assert.is(commandNamed(['help', 'classify']), 'classify');
  assert.is(commandNamed(['help']), null);
  assert.is(commandNamed(['nosuch', 'x']), 'nosuch');
});

LazyProgram('deeper --help lists every command exactly as the full program does', async () => {
  const full = buildProgram();
  assert.equal(full.commands.map((c) => c.name()), commandGroups.map((g) => g.name), 'command-groups.ts is in registration order');
  const lazy = await buildProgramFor(['--help']);
  assert.is(lazy.helpInformation(), full.helpInformation());
});

LazyProgram('each command, named, is loaded in full with the help its module registers', async () => {
  const full = buildProgram();
  for (const group of commandGroups) {
    const lazy = await buildProgramFor([group.name]);
    assert.is(help(sub(lazy, group.name)), help(sub(full, group.name)), group.name);
    assert.is(lazy.helpInformation(), full.helpInformation(), `top-level help with ${group.name} loaded`);
    const others = lazy.commands.filter((c) => c.name() !== group.name && c.name() !== 'help');
    assert.ok(others.every((c) => c.commands.length === 0 && c.options.length === 0), `only ${group.name} is loaded`);
  }
});

LazyProgram('an unknown command loads every command, so the error is the full program\'s', async () => {
  const lazy = await buildProgramFor(['nosuch']);
  assert.ok(sub(lazy, 'envs').commands.length > 0);
  assert.ok(sub(lazy, 'dqn').commands.length > 0);
});

LazyProgram('deeper --help and deeper envs loads no TensorFlow.js; deeper demo does', () => {
  const probe = (args: string[]) => {
    const script = `const { buildProgramFor } = await import('./experiments/src/lazy-program.ts'); await buildProgramFor(${JSON.stringify(args)}); console.log(JSON.stringify('_tfengine' in globalThis));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.is(child.status, 0, child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').pop() ?? '');
  };
  assert.is(probe(['--help']), false);
  assert.is(probe(['envs', 'list']), false);
  assert.is(probe(['demo']), true);
});

LazyProgram.run();
