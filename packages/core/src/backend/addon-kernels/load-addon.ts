/**
 * Finds and loads deeper's Node-API addon (packages/core/addon), or says why not.
 *
 * In order: `DEEPER_NATIVE=0` turns it off; the committed prebuilt binary for this
 * platform and architecture (`addon/prebuilt/<platform>-<arch>/deeper-addon.node`, built
 * for the baseline x86-64 ISA, its AVX2+FMA and AVX-512 kernels chosen at run time); else a
 * copy built from the sources with the machine's C compiler and Node's own headers
 * (`addon/build.sh`, no download), cached under `DEEPER_ADDON_CACHE` (default
 * `~/.cache/deeper/addon`) by platform, Node-API version and a hash of the sources; else
 * nothing, and the wasm kernels run. Any failure becomes the reason in `selectBackend`'s
 * line, never an exception: the addon is a speed-up, not a requirement.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The functions the addon exports (addon/src/addon.c); offsets are bytes into the wasm heap. */
export interface DeeperAddon {
  conv2d(heap: Uint8Array, x: number, filter: number, bias: number, y: number, ...geometryActivationAlpha: number[]): void;
  conv2dBackpropInput(heap: Uint8Array, dy: number, filter: number, dx: number, ...geometry: number[]): void;
  conv2dBackpropFilter(heap: Uint8Array, x: number, dy: number, dw: number, ...geometry: number[]): void;
  matMul(heap: Uint8Array, a: number, b: number, bias: number, c: number, batchA: number, batchB: number, m: number, n: number, k: number,
    transA: number, transB: number, activation: number, alpha: number): void;
  reluGrad(heap: Uint8Array, dy: number, x: number, dx: number, n: number): void;
  channelAffine(heap: Uint8Array, x: number, scale: number, shift: number, out: number, rows: number, channels: number, terms: number): void;
  maxPoolGrad(heap: Uint8Array, x: number, dy: number, dx: number, batch: number, ...geometry: number[]): void;
  maxPool(heap: Uint8Array, x: number, y: number, batch: number, ...geometry: number[]): void;
  activation(heap: Uint8Array, x: number, y: number, n: number, act: number, alpha: number): void;
  /** RMSProp's update in place (optimizer-steps.c's rmsprop_step_f32 with outputs = inputs); ga, mb: -1 when unused. */
  rmspropStep(heap: Uint8Array, theta: number, grad: number, sq: number, ga: number, mb: number, n: number,
    lr: number, alpha: number, oneMinusAlpha: number, eps: number, mu: number, wd: number, decay: number, centered: number, momentum: number): void;
  /** Adam's update in place (optimizer-steps.c's adam_step_f32 with outputs = inputs). */
  adamStep(heap: Uint8Array, theta: number, grad: number, m: number, v: number, n: number,
    lr: number, b1: number, oneMinusB1: number, b2: number, oneMinusB2: number, c1: number, c2: number, eps: number, wd: number, decay: number): void;
  configure(threads: number, waitLimitMs: number): void;
  setPath(path: AddonPath): boolean;
  info(): { path: AddonPath; bestPath: AddonPath; threads: number; napiVersion: number; abi: number };
  fmaPeak(seconds: number): number;
  delayWorker(thread: number, ms: number): void;
  setIndirect(on: boolean): void;
}

/** The addon's micro-kernel paths, slowest first. */
export type AddonPath = 'portable' | 'avx2' | 'avx512';

/** The JS-facing version of the addon's functions this file expects (addon.c's `abi`). */
const expectedAbi = 7;

export type AddonLoad = { ok: true; addon: DeeperAddon; source: string } | { ok: false; reason: string };

/** The addon's folder (packages/core/addon). */
export const addonFolder = fileURLToPath(new URL('../../../addon/', import.meta.url));

const platform = `${process.platform}-${process.arch}`;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function tryRequire(path: string): { ok: true; addon: DeeperAddon } | { ok: false; reason: string } {
  try {
    const addon = createRequire(import.meta.url)(path) as DeeperAddon;
    const abi = typeof addon.info === 'function' ? addon.info().abi : undefined;
    if (abi !== expectedAbi) return { ok: false, reason: `${path} has interface version ${abi}, expected ${expectedAbi}` };
    return { ok: true, addon };
  } catch (error) {
    return { ok: false, reason: firstLine(error) };
  }
}

/** A hash of the addon's sources and build script: a cached build is reused only for the same code. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const src = join(addonFolder, 'src');
  for (const name of readdirSync(src).sort()) hash.update(name).update(readFileSync(join(src, name)));
  hash.update(readFileSync(join(addonFolder, 'build.sh')));
  return hash.digest('hex').slice(0, 16);
}

/** Where `loadAddon` looks; tests point these elsewhere. */
export interface AddonLocations {
  /** Folder of prebuilt binaries by `<platform>-<arch>`. Default: addon/prebuilt. */
  prebuilt: string;
  /** Folder for copies built from source. Default: `DEEPER_ADDON_CACHE`, else ~/.cache/deeper/addon. */
  cache: string;
}

/** The default locations (the cache read from the environment at call time). */
export function defaultAddonLocations(): AddonLocations {
  return { prebuilt: join(addonFolder, 'prebuilt'), cache: process.env.DEEPER_ADDON_CACHE || join(homedir(), '.cache', 'deeper', 'addon') };
}

/** Builds the addon from source into the cache (or reuses an earlier build); a reason on failure. */
function buildFromSource(cache: string): { ok: true; path: string; built: boolean } | { ok: false; reason: string } {
  let out: string;
  try {
    out = join(cache, `${platform}-napi${process.versions.napi}-${sourceHash()}`, 'deeper-addon.node');
  } catch (error) {
    return { ok: false, reason: `the addon sources are missing (${firstLine(error)})` };
  }
  if (existsSync(out)) return { ok: true, path: out, built: false };
  try {
    mkdirSync(cache, { recursive: true });
    execFileSync('sh', [join(addonFolder, 'build.sh'), out], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    return { ok: true, path: out, built: true };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop();
    return { ok: false, reason: `building it from source failed (${stderr || firstLine(error)})` };
  }
}

let loaded: AddonLoad | undefined;

/**
 * The addon, loaded once per process, or why it is not used. `DEEPER_NATIVE=0` is read on
 * every call, so it can be set between backend selections.
 */
export function loadAddon(): AddonLoad {
  const flag = process.env.DEEPER_NATIVE;
  if (flag === '0' || flag === 'false' || flag === 'off') return { ok: false, reason: `off (DEEPER_NATIVE=${flag})` };
  return (loaded ??= findAddon(defaultAddonLocations()));
}

/** Looks for the addon in `where` (prebuilt, then built from source), uncached: `loadAddon`'s search. */
export function findAddon(where: AddonLocations): AddonLoad {
  const reasons: string[] = [];
  const prebuilt = join(where.prebuilt, platform, 'deeper-addon.node');
  if (existsSync(prebuilt)) {
    const attempt = tryRequire(prebuilt);
    if (attempt.ok) return { ok: true, addon: attempt.addon, source: `prebuilt ${platform}` };
    reasons.push(`the prebuilt ${platform} binary did not load (${attempt.reason})`);
  } else {
    reasons.push(`no prebuilt binary for ${platform}`);
  }
  const built = buildFromSource(where.cache);
  if (built.ok) {
    const attempt = tryRequire(built.path);
    if (attempt.ok) return { ok: true, addon: attempt.addon, source: built.built ? 'built from source now' : 'built from source earlier' };
    reasons.push(`the copy built from source did not load (${attempt.reason})`);
  } else {
    reasons.push(built.reason);
  }
  return { ok: false, reason: reasons.join('; ') };
}
