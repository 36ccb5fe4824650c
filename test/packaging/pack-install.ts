/**
 * What the packaging test (./packaging.test.ts) and the size and start-up measurements
 * (./measure-packages.ts) share: build every package (`pnpm build`), pack each one as
 * `pnpm pack` does for publishing (workspace and catalog versions resolved, publishConfig
 * applied), and install tarballs with plain npm into empty projects outside the repository.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The folder of the smoke scripts and the TypeScript consumer copied into the projects. */
export const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

/** Every package, by name, with its folder in the repository. */
export const packageFolders: Record<string, string> = {
  '@deeper/core': 'packages/core',
  '@deeper/envs': 'envs',
  '@deeper/classify': 'packages/classify',
  '@deeper/dqn': 'packages/dqn',
  '@deeper/dcgan': 'packages/dcgan',
  '@deeper/vision': 'packages/vision',
  '@deeper/cli': 'experiments',
};

/** pnpm as the test command was started with it (npm_execpath: a script, or pnpm's own executable), else the pinned version through npx. */
function pnpmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  return ['npx', ['--yes', 'pnpm@12.21.0']];
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a command to its end; throws with its output when it fails (unless `allowFailure`). */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions & { allowFailure?: boolean } = {}): Ran {
  const started = process.hrtime.bigint();
  const { allowFailure, ...spawnOptions } = options;
  const child = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000, ...spawnOptions });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (process.env.DEEPER_PACKAGING_VERBOSE) console.error(`${seconds.toFixed(1)} s  ${command} ${args.join(' ')}`);
  const ran = { status: child.status, stdout: String(child.stdout ?? ''), stderr: String(child.stderr ?? ''), seconds };
  if (!allowFailure && (child.status !== 0 || child.error)) {
    // Node's exit code 13 comes with no output of its own: say what it means.
    const unsettled = child.status === 13 ? ": Node's unsettled top-level await, a promise that never settled with nothing left to keep the event loop alive" : '';
    throw new Error(`${command} ${args.join(' ')} failed (${child.error?.message ?? `exit ${child.status}${unsettled}, signal ${child.signal}`}):\n${ran.stdout}\n${ran.stderr}`);
  }
  return ran;
}

/** Runs pnpm in the repository root. */
export function pnpm(args: readonly string[], options: { allowFailure?: boolean } = {}): Ran {
  const [command, prefix] = pnpmCommand();
  return run(command, [...prefix, ...args], { cwd: repoRoot, env: { ...process.env, FORCE_COLOR: '0' }, ...options });
}

/** A new temporary folder outside the repository. */
export function outsideRepoFolder(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  if (!relative(repoRoot, dir).startsWith('..')) throw new Error(`the temporary folder ${dir} lies inside the repository ${repoRoot}; set TMPDIR elsewhere`);
  return dir;
}

/** Builds every package to its dist/ (`pnpm build`: tsc -b, tsc-alias, core's wasm copied). */
export function buildAll(): Ran {
  return pnpm(['build']);
}

/**
 * Packs every package into `destination` (the build must have run: the packages' own
 * `prepack` would rebuild each one) and returns each package's tarball path by name.
 */
export function packAll(destination: string): Record<string, string> {
  mkdirSync(destination, { recursive: true });
  pnpm(['-r', '--ignore-scripts', 'pack', '--pack-destination', destination]);
  const files = readdirSync(destination).filter((f) => f.endsWith('.tgz'));
  const tarballs: Record<string, string> = {};
  for (const name of Object.keys(packageFolders)) {
    const file = `${name.replace('@', '').replace('/', '-')}-0.1.0.tgz`;
    if (!files.includes(file)) throw new Error(`pnpm pack wrote no ${file} for ${name} (found ${files.join(', ')})`);
    tarballs[name] = join(destination, file);
  }
  return tarballs;
}

/** The paths inside a tarball, without the leading `package/`. */
export function tarballFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball]).stdout.split('\n').filter(Boolean).map((p) => p.replace(/^package\//, ''));
}

/** An empty ES-module npm project in a new folder outside the repository. */
export function newProject(prefix: string): string {
  const dir = outsideRepoFolder(prefix);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  return dir;
}

/** `npm install` of `specs` (tarball paths or registry specs) in `project`, from npm's cache where it can. */
export function npmInstall(project: string, specs: readonly string[]): Ran {
  return run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: project, timeout: 600_000 });
}

/** Bytes of every file under `dir` (symbolic links not followed). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    total += stat.isDirectory() ? folderBytes(path) : stat.size;
  }
  return total;
}

/** Runs a smoke script with plain node in `project` and returns the JSON it printed last. */
export function runSmoke(project: string, script: string, env: NodeJS.ProcessEnv = {}): unknown {
  const ran = run(process.execPath, [script], { cwd: project, env: { ...process.env, DEEPER_WASM_THREADS: '1', ...env } });
  const last = ran.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${script} printed no JSON result:\n${ran.stdout}\n${ran.stderr}`);
  }
}
