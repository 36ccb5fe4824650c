/**
 * The `deeper` command line. Each command lives in its own file under `./commands/` and
 * exports `register(program)`; this file only assembles them. `--backend` (or
 * `DEEPER_BACKEND`) is a global option every command that computes with tensors honours
 * through `useBackend` (./use-backend.ts).
 */
import { Command, Option } from 'commander';
import { register as registerDemo } from './commands/demo';
import { register as registerBench } from './commands/bench';
import { register as registerAugment } from './commands/augment';
import { register as registerEnvs } from './commands/envs';
import { register as registerStress } from './commands/stress';
import { register as registerGan } from './commands/gan';
import { register as registerVision } from './commands/vision';
import { register as registerDqn } from './commands/dqn';
import { register as registerClassify } from './commands/classify';

export function buildProgram(): Command {
  const program = new Command('deeper')
    .description('Deep reinforcement learning and generative modeling on TensorFlow.js')
    .addOption(
      new Option('--backend <name>', 'tensor backend: auto, tensorflow, webgpu, wasm or cpu')
        .env('DEEPER_BACKEND')
        .default('auto'),
    )
    .showHelpAfterError()
    .enablePositionalOptions();
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
