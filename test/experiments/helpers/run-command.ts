/**
 * Runs one `deeper <group> …` command in-process and returns what it printed, so command
 * tests need no child process. commander is loaded from @deeper/experiments, its only
 * dependent (the test folder has no dependency of its own on it).
 */
import { createRequire } from 'node:module';
import type { Command as CommandType } from '../../../experiments/node_modules/commander';

const requireFromExperiments = createRequire(new URL('../../../experiments/package.json', import.meta.url));
const { Command } = requireFromExperiments('commander') as { Command: new (name: string) => CommandType };

/** Attaches `register` under `deeper <group>`, runs it with `args`, and returns the lines printed to stdout. */
export async function runCommand(group: string, register: (cmd: CommandType) => void, args: string[]): Promise<string[]> {
  const program = new Command('deeper').exitOverride();
  const sub = program.command(group).exitOverride();
  register(sub);
  for (const c of sub.commands) c.exitOverride();
  const lines: string[] = [];
  const original = console.log;
  console.log = (...parts: unknown[]) => {
    lines.push(...parts.map(String).join(' ').split('\n'));
  };
  try {
    await program.parseAsync(['node', 'deeper', group, ...args]);
  } finally {
    console.log = original;
  }
  return lines;
}
