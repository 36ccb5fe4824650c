/** Entry point of `pnpm deeper …`: parses the arguments and runs the command. */
import { buildProgram } from './cli';

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`deeper: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEEPER_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  });
