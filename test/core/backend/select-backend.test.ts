import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BackendUnavailableError, ConfigError, UnknownFieldError } from '../../../packages/core/src/errors';
import { releaseBackend, resolveSelectBackendOptions, selectBackend } from '../../../packages/core/src/backend/select-backend';
import { loadAddon } from '../../../packages/core/src/backend/addon-kernels/load-addon';

const lines: string[] = [];
const log = (line: string) => lines.push(line);

const select = suite('selectBackend');

select('loads cpu when asked, and says so in one line', async () => {
  lines.length = 0;
  const report = await selectBackend('cpu', { log });
  assert.is(report.name, 'cpu');
  assert.is(tf.getBackend(), 'cpu');
  assert.equal(lines, [`backend: cpu (${report.reason})`]);
});

select('loads wasm with deeper\'s kernels on one thread when asked, binaries from disk', async () => {
  lines.length = 0;
  const report = await selectBackend('wasm', { log, threads: 1 });
  assert.is(report.name, 'wasm');
  assert.is(report.threads, 1);
  assert.is(tf.getBackend(), 'wasm');
  assert.match(report.reason, /XNNPACK, SIMD, 1 thread, deeper training kernels/);
  assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm'));
  assert.is(lines.length, 1);
});

select('sizes the native addon\'s pool apart from the wasm threads when asked, and says so', async () => {
  if (process.env.DEEPER_NATIVE === '0') return;
  lines.length = 0;
  const report = await selectBackend('wasm', { log, threads: 1, nativeThreads: 2 });
  if (!report.reason.includes('addon')) return; // no addon on this machine: nothing to size
  assert.match(report.reason, /XNNPACK, SIMD, 1 thread, .*addon \([^)]*\), 2 threads/);
  const again = await selectBackend('wasm', { log, threads: 1 });
  assert.match(again.reason, /addon \([^)]*\), 1 thread\b/);
});

select('is idempotent: a second identical call returns the same report without printing', async () => {
  const first = await selectBackend('wasm', { quiet: true, threads: 1 });
  lines.length = 0;
  const second = await selectBackend('wasm', { log, threads: 1 });
  assert.is(second, first);
  assert.equal(lines, []);
});

select('auto picks the first backend that loads and names every skipped one with its reason', async () => {
  releaseBackend();
  lines.length = 0;
  const report = await selectBackend('auto', { log, threads: 1 });
  const order = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];
  const position = order.indexOf(report.name === 'tensorflow' ? (report.reason.includes('CUDA') ? 'tensorflow-gpu' : 'tensorflow') : report.name);
  assert.equal(report.skipped.map((s) => s.name), order.slice(0, position));
  for (const s of report.skipped) assert.ok(s.reason.length > 0);
  const skipped = report.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  assert.equal(lines, [`backend: ${report.name} (${report.reason})${skipped ? ` — skipped ${skipped}` : ''}`]);
});

select('reads DEEPER_BACKEND when no name is given', async () => {
  process.env.DEEPER_BACKEND = 'cpu';
  try {
    assert.is((await selectBackend(undefined, { quiet: true })).name, 'cpu');
  } finally {
    delete process.env.DEEPER_BACKEND;
  }
});

select('refuses an unknown name with a ConfigError naming the field, the value and the choices', async () => {
  try {
    await selectBackend('gpu', { quiet: true });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, ConfigError);
    const message = (error as Error).message;
    for (const part of ['backend', '"gpu"', '"auto"', '"tensorflow"', '"webgpu"', '"wasm"', '"cpu"']) assert.ok(message.includes(part), message);
  }
});

select('throws BackendUnavailableError for tensorflow when tfjs-node is missing, saying how to install it', async () => {
  let loaded = true;
  try {
    await import(['@tensorflow', 'tfjs-node'].join('/'));
  } catch {
    loaded = false;
  }
  if (loaded) return;
  try {
    await selectBackend('tensorflow', { quiet: true });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, BackendUnavailableError);
    const message = (error as Error).message;
    assert.ok(message.includes('pnpm add @tensorflow/tfjs-node'), message);
    assert.ok(message.includes('libtensorflow'), message);
    assert.ok(message.includes('@tensorflow/tfjs-node-gpu not installed'), message);
  }
});

select('uses webgpu only on a real adapter, else throws naming why', async () => {
  try {
    const report = await selectBackend('webgpu', { quiet: true });
    assert.is(report.name, 'webgpu');
  } catch (error) {
    assert.instance(error, BackendUnavailableError);
    assert.match((error as Error).message, /adapter|Dawn|Vulkan/);
  }
});

select('runs two wasm threads in a child process, with cpu-exact gradients, that then exits on its own', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/threaded-child.ts', import.meta.url))], {
    // The wasm path's threads are under test: the native addon's kernels would take dW from them.
    env: { ...process.env, DEEPER_WASM_THREADS: '2', DEEPER_NATIVE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  const code = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('timeout');
    }, 180_000); // generous: a busy 2-core machine takes over a minute to start tsx, tfjs and the threads
    child.on('exit', (c) => {
      clearTimeout(timer);
      resolve(c ?? 'signal');
    });
  });
  assert.is(code, 0, `child ended with ${code}: ${output}`);
  const result = JSON.parse(output.trim().split('\n').pop() as string);
  assert.is(result.report.threads, 2);
  assert.ok(result.allEqual);
  assert.ok(result.relativeError <= 1e-4, `threaded conv-net gradients vs cpu: ${result.relativeError}`);
  assert.is(result.backend, 'wasm');
  // dW, the bias add, ReLU and max-pool gradients were shared with deeper's native worker, twice over.
  assert.ok(result.nativeThreadJobs >= 8, `native kernel calls shared with a worker: ${result.nativeThreadJobs}`);
});

select('falls back to one wasm thread, saying why, when the threaded build cannot start its workers in time', () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/threaded-fallback-child.ts', import.meta.url))], {
    env: { ...process.env, DEEPER_WASM_START_TIMEOUT_S: '0.001', DEEPER_NATIVE: '0' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.is(child.status, 0, `child ended with ${child.status} (${child.signal}): ${child.stdout}\n${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop() as string);
  assert.is(result.report.name, 'wasm');
  assert.is(result.report.threads, 1);
  assert.match(result.report.reason, /the 2-thread build did not start: start-up did not finish within 0\.001 s \(\d+ of 8 pthread workers loaded\)/);
  assert.ok(result.allEqual);
  assert.is(result.backend, 'wasm');
});

select.run();

const resolveOptions = suite('resolveSelectBackendOptions');

resolveOptions('reads DEEPER_WASM_THREADS, and an explicit threads wins', () => {
  process.env.DEEPER_WASM_THREADS = '3';
  try {
    assert.is(resolveSelectBackendOptions().threads, 3);
    assert.is(resolveSelectBackendOptions({ threads: 1 }).threads, 1);
  } finally {
    delete process.env.DEEPER_WASM_THREADS;
  }
  const cores = Math.min(2, availableParallelism());
  // Without a thread count given, deeper's native addon (where it loads) takes the cores and XNNPACK one.
  const native = cores > 1 && loadAddon().ok;
  assert.is(resolveSelectBackendOptions().threads, native ? 1 : cores);
  assert.is(resolveSelectBackendOptions().nativeThreads, native ? cores : undefined);
  assert.is(resolveSelectBackendOptions({ threads: 2 }).nativeThreads, undefined);
});

resolveOptions('refuses bad thread counts and unknown fields', () => {
  assert.throws(() => resolveSelectBackendOptions({ threads: 0 }), (e: Error) => e instanceof ConfigError && e.message.includes('threads'));
  process.env.DEEPER_WASM_THREADS = 'two';
  try {
    assert.throws(() => resolveSelectBackendOptions(), (e: Error) => e instanceof ConfigError && e.message.includes('DEEPER_WASM_THREADS'));
  } finally {
    delete process.env.DEEPER_WASM_THREADS;
  }
  assert.throws(() => resolveSelectBackendOptions({ thread: 2 } as never), (e: Error) => e instanceof UnknownFieldError);
});

resolveOptions('reads DEEPER_NATIVE_THREADS (with threads given and no native count, the addon takes the wasm thread count); refuses bad counts naming the variable', () => {
  assert.is(resolveSelectBackendOptions({ threads: 1 }).nativeThreads, undefined);
  process.env.DEEPER_NATIVE_THREADS = '2';
  try {
    assert.is(resolveSelectBackendOptions({ threads: 1 }).nativeThreads, 2);
    assert.is(resolveSelectBackendOptions({ threads: 1, nativeThreads: 1 }).nativeThreads, 1);
    process.env.DEEPER_NATIVE_THREADS = '0';
    assert.throws(() => resolveSelectBackendOptions(), (e: Error) => e instanceof ConfigError && e.message.includes('DEEPER_NATIVE_THREADS') && e.message.includes('received 0'));
  } finally {
    delete process.env.DEEPER_NATIVE_THREADS;
  }
  assert.throws(() => resolveSelectBackendOptions({ nativeThreads: 1.5 }), (e: Error) => e instanceof ConfigError && e.message.includes('nativeThreads'));
});

resolveOptions.run();

const release = suite('releaseBackend');

release('removes wasm; selecting it again gives a fresh module whose replaced kernels still work', async () => {
  await selectBackend('wasm', { quiet: true, threads: 1 });
  releaseBackend();
  assert.is(tf.engine().registry.wasm, undefined);
  await selectBackend('wasm', { quiet: true, threads: 1 });
  const a = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
  const product = tf.matMul(a, a, true, false);
  assert.equal(Array.from(product.dataSync()), [35, 44, 44, 56]);
  tf.dispose([a, product]);
  releaseBackend();
});

release.run();
