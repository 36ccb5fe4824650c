/** Entry point of `deeper …` (and `pnpm deeper …`): loads the command named, parses the arguments and runs it. */
import { buildProgramFor } from './lazy-program';

buildProgramFor(process.argv.slice(2))
  .then((program) => program.parseAsync(process.argv))
  .catch((error: unknown) => {
    console.error(`deeper: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.DEEPER_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  });
