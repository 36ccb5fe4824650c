import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { enableWasmThreads, unrefWasmWorkers, withWasmThreadFiles } from '../../../packages/core/src/backend/wasm-threads';

const enable = suite('enableWasmThreads');

enable('sets the flag the wasm backend reads when it initialises', async () => {
  enableWasmThreads(true);
  assert.is(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'), true);
  enableWasmThreads(false);
  assert.is(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'), false);
});

enable.run();

const files = suite('withWasmThreadFiles');

files('turns the worker script Blob into a file that loads the factory from a file, then restores Blob and os.cpus', async () => {
  const OriginalBlob = globalThis.Blob;
  // The CommonJS module object, which Emscripten's require('os') sees.
  const os = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  const cores = os.cpus().length;
  const paths = await withWasmThreadFiles(4, async () => {
    assert.ok(os.cpus().length >= 8);
    new Blob(['var WasmBackendModuleThreadedSimd = function(){ return require$$0; }'], { type: 'text/javascript' });
    const worker = new Blob(['"use strict";var Module={};'], { type: 'application/javascript' });
    const path = URL.createObjectURL(worker);
    return { path, text: readFileSync(path, 'utf8') };
  });
  assert.ok(!paths.path.startsWith('blob:'), paths.path);
  assert.ok(paths.text.startsWith('"use strict";URL.createObjectURL=function(){return '), paths.text);
  const factoryPath = JSON.parse(paths.text.match(/return ("[^"]+")/)![1]);
  assert.match(readFileSync(factoryPath, 'utf8'), /^var require\$\$0=require\("fs"\);var WasmBackendModuleThreadedSimd/);
  assert.is(globalThis.Blob, OriginalBlob);
  assert.is(os.cpus().length, cores);
});

files('asked once per pthread worker, each file is written once: workers started back to back all run the whole script', async () => {
  const script = '"use strict";require("node:worker_threads").parentPort.postMessage("ran to the end");';
  const result = await withWasmThreadFiles(2, async () => {
    new Blob(['var WasmBackendModuleThreadedSimd = function(){};'], { type: 'text/javascript' });
    const paths: string[] = [];
    const written: bigint[] = [];
    const replies: Promise<unknown>[] = [];
    // As Emscripten's allocateUnusedWorker does: a fresh Blob and URL for every worker, each started at once.
    for (let i = 0; i < 8; i++) {
      const path = URL.createObjectURL(new Blob([script], { type: 'application/javascript' }));
      paths.push(path);
      written.push(statSync(path, { bigint: true }).mtimeNs);
      const worker = new Worker(path);
      replies.push(new Promise((resolve) => {
        worker.once('message', resolve);
        worker.once('exit', (code) => resolve(`exited with code ${code} first`));
      }));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return { paths, written, replies: await Promise.all(replies) };
  });
  assert.is(new Set(result.paths).size, 1, 'one file for the one script');
  assert.is(new Set(result.written).size, 1, 'never rewritten');
  assert.equal(result.replies, Array(8).fill('ran to the end'));
});

files.run();

const unref = suite('unrefWasmWorkers');

unref('unreferences every pthread worker and ignores a backend without threads', () => {
  const calls: string[] = [];
  const worker = (name: string) => ({ unref: () => calls.push(name) });
  unrefWasmWorkers({ wasm: { PThread: { unusedWorkers: [worker('a'), worker('b')], runningWorkers: [worker('c')] } } });
  assert.equal(calls, ['a', 'b', 'c']);
  unrefWasmWorkers({ wasm: {} });
  assert.equal(calls.length, 3);
});

unref.run();
