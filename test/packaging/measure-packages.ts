/**
 * Measures what a user installs and how fast the installed command starts, for the
 * README: builds and packs every package (./pack-install.ts), installs each tarball alone
 * (with the tarballs of its @deeper dependencies, which are not on the registry yet) with
 * plain npm into its own empty project outside the repository (its production dependency
 * tree, as a user gets it), and times `deeper --help` and `deeper envs list`
 * from the installed @deeper/cli, each a fresh node process (the file cache warm: the
 * first run is discarded).
 *
 * Usage: npx pnpm@12.21.0 exec tsx test/packaging/measure-packages.ts [--runs N] [--json]
 *   --runs N   timed starts of each command (default 11)
 *   --json     one JSON object instead of the Markdown tables
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll, folderBytes, newProject, npmInstall, outsideRepoFolder, packAll, packageFolders, run } from './pack-install';

function argValue(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`measure-packages expects ${flag} to be a positive integer, but received ${JSON.stringify(process.argv[i + 1])}`);
    process.exit(2);
  }
  return value;
}

const runs = argValue('--runs', 11);
const json = process.argv.includes('--json');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Unpacked bytes of a tarball's files (`tar -tvzf`'s size column). */
function unpackedBytes(tarball: string): { bytes: number; files: number } {
  const lines = run('tar', ['-tvzf', tarball]).stdout.split('\n').filter(Boolean);
  return { bytes: lines.reduce((sum, line) => sum + Number(line.split(/\s+/)[2]), 0), files: lines.length };
}

/** Packages in a project's installed tree (every package.json under node_modules that npm ls lists). */
function installedPackages(project: string): number {
  const out = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: project, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\n').filter((l) => l.includes('node_modules')).length;
}

/** The tarballs `name` needs: its own and, transitively, those of its @deeper dependencies (not on the registry yet). */
function withDeeperDependencies(name: string, tarballs: Record<string, string>, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  const manifest = JSON.parse(run('tar', ['-xzOf', tarballs[name], 'package/package.json']).stdout) as { dependencies?: Record<string, string> };
  const deeper = Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@deeper/'));
  return [tarballs[name], ...deeper.flatMap((d) => withDeeperDependencies(d, tarballs, seen))];
}

/** The `count` largest packages installed in `project` (each package folder, nested node_modules apart). */
function largestPackages(project: string, count: number): { name: string; bytes: number }[] {
  const root = join(project, 'node_modules');
  const sizes: { name: string; bytes: number }[] = [];
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    const names = entry.startsWith('@') ? readdirSync(join(root, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) sizes.push({ name, bytes: folderBytes(join(root, name)) });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes).slice(0, count);
}

function timeStarts(command: string, args: string[], cwd: string): { medianSeconds: number; minSeconds: number; maxSeconds: number } {
  run(command, args, { cwd });
  const seconds = Array.from({ length: runs }, () => run(command, args, { cwd }).seconds);
  return { medianSeconds: median(seconds), minSeconds: Math.min(...seconds), maxSeconds: Math.max(...seconds) };
}

const made: string[] = [];
try {
  buildAll();
  const packs = outsideRepoFolder('deeper-measure-packs-');
  made.push(packs);
  const tarballs = packAll(packs);
  const rows: { name: string; tarballBytes: number; unpackedBytes: number; files: number; installBytes: number; installedPackages: number; tensorflow: boolean; largest: { name: string; bytes: number }[] }[] = [];
  let cliProject = '';
  for (const name of Object.keys(packageFolders)) {
    const project = newProject('deeper-measure-');
    made.push(project);
    npmInstall(project, withDeeperDependencies(name, tarballs));
    const unpacked = unpackedBytes(tarballs[name]);
    rows.push({
      name,
      tarballBytes: Number(execFileSync('stat', ['-c', '%s', tarballs[name]], { encoding: 'utf8' })),
      unpackedBytes: unpacked.bytes,
      files: unpacked.files,
      installBytes: folderBytes(join(project, 'node_modules')),
      installedPackages: installedPackages(project),
      tensorflow: existsSync(join(project, 'node_modules/@tensorflow')),
      largest: largestPackages(project, 12),
    });
    if (name === '@deeper/cli') cliProject = project;
  }
  const deeper = join(cliProject, 'node_modules/.bin/deeper');
  const help = timeStarts(deeper, ['--help'], cliProject);
  const envsList = timeStarts(deeper, ['envs', 'list'], cliProject);
  const result = { node: process.version, runs, packages: rows, deeperHelp: help, deeperEnvsList: envsList };
  if (json) {
    console.log(JSON.stringify(result));
  } else {
    const kb = (b: number) => `${(b / 1024).toFixed(0)} kB`;
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
    console.log('| package | tarball | unpacked (files) | installed alone: node_modules | packages | TensorFlow.js |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| \`${r.name}\` | ${kb(r.tarballBytes)} | ${kb(r.unpackedBytes)} (${r.files}) | ${mb(r.installBytes)} | ${r.installedPackages} | ${r.tensorflow ? 'yes' : 'no'} |`);
    console.log('\nLargest installed packages (hoisted folders, their nested node_modules included):');
    for (const r of rows) console.log(`- \`${r.name}\`: ${r.largest.map((p) => `${p.name} ${mb(p.bytes)}`).join(', ')}`);
    const s = (t: typeof help) => `${t.medianSeconds.toFixed(2)} s (${t.minSeconds.toFixed(2)}–${t.maxSeconds.toFixed(2)})`;
    console.log(`\nNode ${process.version}, median of ${runs} starts (range): deeper --help ${s(help)}, deeper envs list ${s(envsList)}`);
  }
} finally {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}
