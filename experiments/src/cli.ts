/**
 * The `deeper` command line, every command loaded. Each command lives in its own file under
 * `./commands/` and exports `register(program)`; this file only assembles them on the root
 * program (./root-program.ts, with the global `--backend`). The command line itself builds
 * the program through ./lazy-program.ts, which loads only the command it runs.
 */
import type { Command } from 'commander';
import { rootProgram } from './root-program';
import { register as registerDemo } from './commands/demo';
import { register as registerBench } from './commands/bench';
import { register as registerAugment } from './commands/augment';
import { register as registerEnvs } from './commands/envs';
import { register as registerStress } from './commands/stress';
import { register as registerGan } from './commands/gan';
import { register as registerVision } from './commands/vision';
import { register as registerDqn } from './commands/dqn';
import { register as registerClassify } from './commands/classify';

/** The full program, every command loaded (the command line itself loads only the one it runs: ./lazy-program.ts). */
export function buildProgram(): Command {
  const program = rootProgram();
  registerDemo(program);
  registerBench(program);
  registerAugment(program);
  registerEnvs(program);
  registerStress(program);
  registerGan(program);
  registerVision(program);
  registerDqn(program);
  registerClassify(program);
  return program;
}
