import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { disableHeapCheck, enableHeapCheck, heapCheckRequested, poisonWord } from '../../../packages/core/src/backend/heap-check';
import { ConfigError, HeapCorruptionError } from '../../../packages/core/src/errors';
import { useWasm } from './wasm-kernels/compare-with-cpu';

await useWasm();
const backend = tf.backend() as BackendWasm;

/** The byte offset of a tensor's buffer on the heap. */
function offsetOf(t: tf.Tensor): number {
  return backend.getMemoryOffset(t.dataId);
}

function heapF32(): Float32Array {
  const module = backend.wasm as unknown as { wasmMemory?: { buffer: ArrayBuffer }; HEAPU8: Uint8Array };
  return new Float32Array(module.wasmMemory?.buffer ?? module.HEAPU8.buffer);
}

/**
 * A test kernel that writes `value` at float index `at` relative to the buffer at heap offset
 * `target` (attrs), then returns a copy of its input: a kernel with a stray write.
 */
tf.registerKernel({
  kernelName: 'DeeperTestStrayWrite',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend: b, attrs }) => {
    const { target, at } = attrs as unknown as { target: number; at: number };
    heapF32()[(target >>> 2) + at] = 42;
    const x = inputs.x as tf.TensorInfo;
    const out = (b as BackendWasm).makeOutput(x.shape, 'float32');
    (b as BackendWasm).typedArrayFromHeap(out).set((b as BackendWasm).typedArrayFromHeap(x));
    return out;
  },
});

function strayWrite(x: tf.Tensor, target: number, at: number): tf.Tensor {
  return tf.engine().runKernel('DeeperTestStrayWrite', { x }, { target, at } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

const heapCheck = suite('enableHeapCheck');

heapCheck('clean training steps pass, every buffer is tracked, and no tensor leaks', () => {
  const check = enableHeapCheck(backend, { quarantineBytes: 2 ** 20 });
  try {
    // Synchronous steps (trainOnBatch would return before its step runs).
    const w1 = tf.variable(tf.randomNormal([3, 3, 2, 4], 0, 0.3, 'float32', 3)) as tf.Variable<tf.Rank.R4>;
    const w2 = tf.variable(tf.randomNormal([36, 3], 0, 0.3, 'float32', 4)) as tf.Variable<tf.Rank.R2>;
    const x = tf.randomNormal([6, 8, 8, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.randomNormal([6, 3], 0, 1, 'float32', 2);
    const optimizer = tf.train.adam(1e-2);
    const loss = () => tf.losses.meanSquaredError(y, tf.matMul(tf.maxPool(tf.relu(tf.conv2d(x, w1, 1, 'valid')), 2, 2, 'valid').reshape([6, 36]), w2)) as tf.Scalar;
    optimizer.minimize(loss); // the optimizer's slots are made on the first step
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) optimizer.minimize(loss, true)?.dispose();
    assert.is(tf.memory().numTensors, before);
    const stats = check.stats();
    assert.ok(stats.allocations > 50, `allocations ${stats.allocations}`);
    assert.ok(stats.frees > 20, `frees ${stats.frees}`);
    assert.ok(stats.kernelsChecked > 50, `kernels checked ${stats.kernelsChecked}`);
    assert.ok(stats.quarantinedBytes <= 2 ** 20, 'the quarantine stays within its bound');
    tf.dispose([x, y, w1, w2]);
    optimizer.dispose();
  } finally {
    disableHeapCheck(backend);
  }
});

heapCheck('a write one float past a buffer names the kernel, the buffer and the place', () => {
  enableHeapCheck(backend);
  try {
    const victim = tf.tensor1d([1, 2, 3]);
    const x = tf.tensor1d([0]);
    const error = (() => {
      try {
        strayWrite(x, offsetOf(victim), 3);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    assert.instance(error, HeapCorruptionError);
    assert.match(error!.message, /after kernel DeeperTestStrayWrite a 12-byte tensor buffer at heap offset \d+ \(allocated during \(between kernels\), still live\) holds 0x42280000 0 bytes past its end/);
    // Mend the red zone so that later checks see a clean heap again.
    new Uint32Array(heapF32().buffer)[(offsetOf(victim) >>> 2) + 3] = poisonWord;
    tf.dispose([victim, x]);
  } finally {
    disableHeapCheck(backend);
  }
});

heapCheck('a write before a buffer is found too', () => {
  enableHeapCheck(backend);
  try {
    const victim = tf.tensor1d([1, 2, 3, 4]);
    const x = tf.tensor1d([0]);
    assert.throws(() => strayWrite(x, offsetOf(victim), -2), (e: Error) => e instanceof HeapCorruptionError && /8 bytes before its start/.test(e.message));
    new Uint32Array(heapF32().buffer)[(offsetOf(victim) >>> 2) - 2] = poisonWord;
    tf.dispose([victim, x]);
  } finally {
    disableHeapCheck(backend);
  }
});

heapCheck('a write into a freed buffer names the kernel that wrote and the one that freed it', () => {
  enableHeapCheck(backend, { sampleStride: 1 });
  try {
    const stale = tf.tidy(() => tf.square(tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8])));
    const offset = offsetOf(stale);
    stale.dispose();
    const x = tf.tensor1d([0]);
    assert.throws(() => strayWrite(x, offset, 5), (e: Error) =>
      e instanceof HeapCorruptionError &&
      /after kernel DeeperTestStrayWrite a 32-byte tensor buffer at heap offset \d+ \(allocated during Square, freed during \(between kernels\)\) holds 0x42280000 at byte 20 of it, after it was freed/.test(e.message));
    new Uint32Array(heapF32().buffer)[(offset >>> 2) + 5] = poisonWord;
    x.dispose();
  } finally {
    disableHeapCheck(backend);
  }
});

heapCheck('a sampled check can miss a single word, but the whole check on leaving quarantine finds it', () => {
  enableHeapCheck(backend, { sampleStride: 256, quarantineBytes: 4096 });
  try {
    const stale = tf.tensor1d(new Float32Array(512));
    const offset = offsetOf(stale);
    stale.dispose();
    const x = tf.tensor1d([0]);
    tf.dispose(strayWrite(x, offset, 100)); // word 100 is neither in the head nor sampled: nothing yet
    // Push the stale buffer out of the 4 KB quarantine.
    assert.throws(() => tf.dispose(tf.tensor1d(new Float32Array(1024))), (e: Error) =>
      e instanceof HeapCorruptionError && /at byte 400 of it, after it was freed/.test(e.message) && /found when it left quarantine/.test(e.message));
    x.dispose();
  } finally {
    disableHeapCheck(backend);
  }
});

heapCheck('uninstalling restores the allocator once the last buffer with red zones is freed', () => {
  const module = backend.wasm as unknown as { _malloc: unknown; _free: unknown };
  const check = enableHeapCheck(backend);
  const kept = tf.tensor1d([1, 2, 3]);
  disableHeapCheck(backend);
  assert.not.ok(check.checking);
  assert.not.ok(check.restored, 'a buffer with red zones is still live');
  const after = tf.tensor1d([4, 5]);
  assert.is(check.stats().allocations, 1, 'buffers made after the uninstall get no red zones');
  assert.equal(Array.from(kept.dataSync()), [1, 2, 3]);
  kept.dispose();
  assert.ok(check.restored);
  assert.is(check.stats().quarantined, 0);
  after.dispose();
  const again = enableHeapCheck(backend);
  assert.is.not(again, check, 'a new check starts after an uninstalled one');
  assert.is.not(module._malloc, undefined);
  disableHeapCheck(backend);
  assert.ok(again.restored);
});

heapCheck('bad settings are refused by name', () => {
  assert.throws(() => enableHeapCheck(backend, { redzoneBytes: 10 }), (e: Error) => e instanceof ConfigError && /redzoneBytes to be a multiple of 16, at least 16, but received 10/.test(e.message));
  assert.throws(() => enableHeapCheck(backend, { sampleStride: 0 }), (e: Error) => e instanceof ConfigError && /sampleStride/.test(e.message));
  const saved = process.env.DEEPER_HEAP_CHECK;
  try {
    process.env.DEEPER_HEAP_CHECK = 'yes';
    assert.throws(() => heapCheckRequested(), (e: Error) => e instanceof ConfigError && /DEEPER_HEAP_CHECK to be 1 or true.*but received "yes"/.test(e.message));
    process.env.DEEPER_HEAP_CHECK = '1';
    assert.ok(heapCheckRequested());
  } finally {
    if (saved === undefined) delete process.env.DEEPER_HEAP_CHECK;
    else process.env.DEEPER_HEAP_CHECK = saved;
  }
});

heapCheck.run();
