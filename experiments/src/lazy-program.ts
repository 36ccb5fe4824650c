/**
 * The `deeper` program as the command line builds it: only the top-level command named on
 * the command line is loaded (./command-groups.ts); every other one stands in its help
 * listing with its term and summary. `deeper --help` therefore loads no TensorFlow.js and
 * `deeper envs …` only @deeper/envs. A first operand that names no command loads them all,
 * so commander's own error and suggestions are the ones the full program gives.
 */
import { Help, type Command } from 'commander';
import { rootProgram } from './root-program';
import { commandGroups } from './command-groups';

/** Options of the root program that take a value, so the scan skips that value. */
const rootOptionsWithValue = new Set(['--backend']);

/**
 * The top-level command that `args` (the arguments after the script) run: the first
 * operand after the root options, or the one after `help`; `null` when none is named
 * (`deeper`, `deeper --help`). A name that is no command is returned as it is.
 */
export function commandNamed(args: readonly string[]): string | null {
  let i = 0;
  while (i < args.length && args[i].startsWith('-') && args[i] !== '--') i += rootOptionsWithValue.has(args[i]) ? 2 : 1;
  if (args[i] === '--') i++;
  const operand = args[i];
  if (operand === 'help') return args[i + 1] ?? null;
  return operand ?? null;
}

/** Builds the program for `args`: the named top-level command in full, the others as help entries. */
export async function buildProgramFor(args: readonly string[]): Promise<Command> {
  const named = commandNamed(args);
  const known = named === null || commandGroups.some((g) => g.name === named);
  const program = rootProgram();
  const standIns = new Map<Command, string>();
  program.configureHelp({
    subcommandTerm: (cmd: Command) => standIns.get(cmd) ?? new Help().subcommandTerm(cmd),
  });
  for (const group of commandGroups) {
    if (!known || group.name === named) {
      (await group.load()).register(program);
    } else {
      standIns.set(program.command(group.name).description(group.summary), group.term);
    }
  }
  return program;
}
