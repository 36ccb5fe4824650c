#!/usr/bin/env node
// The `deeper` command. Installed from the package, it runs the built JavaScript in
// ../dist. Inside the repository (where ../src exists and ../dist may be missing or stale)
// it runs the TypeScript sources through tsx's loader, a development dependency there, so
// no build step is needed to work on it.
import { existsSync } from 'node:fs';

const sources = new URL('../src/main.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import('../dist/main.js');
}
