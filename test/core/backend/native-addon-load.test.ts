/**
 * How deeper finds its native addon and what selectBackend says about it: the committed
 * prebuilt binary, a copy built from source with the machine's C compiler when the
 * prebuilt one is missing or broken (cached, reused), a plain reason when neither works,
 * and DEEPER_NATIVE=0, which leaves the wasm kernels in place.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { releaseBackend, selectBackend } from '../../../packages/core/src/backend/select-backend';
import { addonKernels } from '../../../packages/core/src/backend/addon-kernels/index';
import { wasmTrainingKernels } from '../../../packages/core/src/backend/wasm-kernels/index';
import { defaultAddonLocations, findAddon } from '../../../packages/core/src/backend/addon-kernels/load-addon';

const test = suite('native addon loading');
const platform = `${process.platform}-${process.arch}`;
const scratch = mkdtempSync(join(tmpdir(), 'deeper-addon-'));
const hasCompiler = (() => {
  try {
    return findAddon({ prebuilt: join(scratch, 'none'), cache: join(scratch, 'probe') }).ok;
  } catch {
    return false;
  }
})();

test('DEEPER_NATIVE=0: the line says the native kernels are off and the wasm kernels stay registered', async () => {
  process.env.DEEPER_NATIVE = '0';
  const lines: string[] = [];
  const report = await selectBackend('wasm', { threads: 1, log: (l) => lines.push(l) });
  assert.match(report.reason, /native kernels off \(DEEPER_NATIVE=0\)/);
  assert.match(lines[0], /native kernels off/);
  const conv = wasmTrainingKernels.find((k) => k.kernelName === 'Conv2DBackpropFilter')!;
  assert.is(tf.getKernel('Conv2DBackpropFilter', 'wasm')?.kernelFunc, conv.kernelFunc);
  releaseBackend();
});

test('where the prebuilt binary loads, selectBackend registers the addon kernels and names the path', async () => {
  delete process.env.DEEPER_NATIVE;
  const report = await selectBackend('wasm', { threads: 1, quiet: true });
  if (process.platform === 'linux' && process.arch === 'x64') {
    assert.match(report.reason, /native kernels: (avx512|avx2|portable) addon \(prebuilt linux-x64\), 1 thread/);
    for (const config of addonKernels) assert.is(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc, config.kernelFunc);
  } else {
    assert.match(report.reason, /native kernels/);
  }
  releaseBackend();
});

test('the committed prebuilt binary is found for linux-x64', () => {
  if (platform !== 'linux-x64') return;
  const found = findAddon(defaultAddonLocations());
  assert.ok(found.ok && found.source === 'prebuilt linux-x64', JSON.stringify(found.ok ? found.source : found.reason));
});

test('no prebuilt binary: builds from source once, then reuses the build', () => {
  if (!hasCompiler) return;
  const where = { prebuilt: join(scratch, 'empty'), cache: join(scratch, 'cache') };
  const first = findAddon(where);
  assert.ok(first.ok, first.ok ? '' : first.reason);
  assert.is(first.ok && first.source, 'built from source now');
  const second = findAddon(where);
  assert.is(second.ok && second.source, 'built from source earlier');
});

test('a broken prebuilt binary is skipped with its reason, and the source build takes over', () => {
  if (!hasCompiler) return;
  const prebuilt = join(scratch, 'broken');
  mkdirSync(join(prebuilt, platform), { recursive: true });
  writeFileSync(join(prebuilt, platform, 'deeper-addon.node'), 'not a shared object');
  const found = findAddon({ prebuilt, cache: join(scratch, 'cache') });
  assert.ok(found.ok, found.ok ? '' : found.reason);
});

test('neither a prebuilt binary nor a compiler: a reason naming both, no exception', () => {
  const saved = process.env.CC;
  process.env.CC = join(scratch, 'no-such-compiler');
  try {
    const found = findAddon({ prebuilt: join(scratch, 'empty'), cache: join(scratch, 'cache-without-compiler') });
    assert.not.ok(found.ok);
    assert.match(!found.ok ? found.reason : '', new RegExp(`no prebuilt binary for ${platform}; building it from source failed`));
  } finally {
    if (saved === undefined) delete process.env.CC;
    else process.env.CC = saved;
  }
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));
test.run();
