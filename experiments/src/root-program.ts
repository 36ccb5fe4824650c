/**
 * The root of the `deeper` program: its name, description and global options, no commands.
 * `--backend` (or `DEEPER_BACKEND`) is the global option every command that computes with
 * tensors honours through `useBackend` (./use-backend.ts).
 */
import { Command, Option } from 'commander';

/** The root `deeper` program with its global options and no commands yet. */
export function rootProgram(): Command {
  return new Command('deeper')
    .description('Deep reinforcement learning and generative modeling on TensorFlow.js')
    .addOption(
      new Option('--backend <name>', 'tensor backend: auto, tensorflow, webgpu, wasm or cpu')
        .env('DEEPER_BACKEND')
        .default('auto'),
    )
    .showHelpAfterError()
    .enablePositionalOptions();
}
