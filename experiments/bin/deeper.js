#!/usr/bin/env node
// The installed `deeper` command: runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';
register();
const { buildProgram } = await import('../src/cli.ts');
await buildProgram().parseAsync(process.argv).catch((error) => {
  console.error(`deeper: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
