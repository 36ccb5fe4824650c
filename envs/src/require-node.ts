/**
 * Refuses to load on a Node older than this package supports, with an error that names the
 * Node needed: `engines.node` of its package.json (a `>=MAJOR[.MINOR[.PATCH]]` range: the
 * Node lines CI tests and that are still maintained). npm only warns about `engines`, and
 * on an old Node the first failure would otherwise be some missing API deep in a run.
 * ./entry.ts, the installed package's entry, imports this before anything else.
 */
import { createRequire } from 'node:module';

/** The version numbers of `text` ("20", "20.11", "20.11.1"), missing parts 0. */
function versionParts(text: string): number[] {
  const parts = text.split('.').map(Number);
  return [0, 1, 2].map((i) => parts[i] ?? 0);
}

/** Whether `version` (e.g. "18.20.8") is at least `minimum` (e.g. "20"). */
export function nodeAtLeast(version: string, minimum: string): boolean {
  const have = versionParts(version);
  const need = versionParts(minimum);
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i] > need[i];
  return true;
}

/** Throws when `version` does not satisfy `engines` (`>=X[.Y[.Z]]`) of package `name`. */
export function requireNode(name: string, engines: string, version: string): void {
  const match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(engines.trim());
  if (!match) throw new Error(`${name} expects engines.node in its package.json to read ">=MAJOR[.MINOR[.PATCH]]", but found ${JSON.stringify(engines)}`);
  if (!nodeAtLeast(version, match[1])) {
    throw new Error(`${name} needs Node ${match[1]} or newer (engines.node "${engines}"), but this is Node ${version}; install Node ${match[1]} or newer`);
  }
}

// src/ and dist/ both sit one level below the package root.
const manifest = createRequire(import.meta.url)('../package.json') as { name: string; engines: { node: string } };
requireNode(manifest.name, manifest.engines.node, process.versions.node);
