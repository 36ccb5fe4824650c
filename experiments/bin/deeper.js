#!/usr/bin/env node
// The `deeper` command. Installed from the package, it runs the built JavaScript in
// ../dist. Inside the repository (where ../src exists and ../dist may be missing or stale)
// it runs the TypeScript sources through tsx's loader, a development dependency there, so
// no build step is needed to work on it. First, on a Node older than package.json's
// engines.node (">=MAJOR"), it stops with the Node version needed.
import { existsSync, readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const needed = /^>=\s*(\d+)$/.exec(engines.node)?.[1];
if (needed === undefined) throw new Error(`@deeper/cli expects engines.node in its package.json to read ">=MAJOR", but found ${JSON.stringify(engines.node)}`);
if (Number(process.versions.node.split('.')[0]) < Number(needed)) {
  console.error(`deeper: needs Node ${needed} or newer (engines.node "${engines.node}"), but this is Node ${process.versions.node}; install Node ${needed} or newer`);
  process.exit(1);
}

const sources = new URL('../src/main.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import('../dist/main.js');
}
