import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { benchMatMul } from '../../../packages/core/src/backend/bench-mat-mul';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { ConfigError } from '../../../packages/core/src/errors';

await selectBackend('wasm', { quiet: true, threads: 1 });

const bench = suite('benchMatMul');

bench('times small products, transposed or not, on wasm without leaking', () => {
  const before = tf.memory().numTensors;
  for (const transposeA of [false, true]) {
    const result = benchMatMul({ size: 48, repeats: 3, transposeA, transposeB: !transposeA });
    assert.is(result.backend, 'wasm');
    assert.is(result.size, 48);
    assert.ok(result.medianSeconds > 0 && Number.isFinite(result.gflops) && result.gflops > 0);
  }
  assert.is(tf.memory().numTensors, before);
});

bench('refuses a bad size', () => {
  assert.throws(() => benchMatMul({ size: 1.5 }), (e: Error) => e instanceof ConfigError && e.message.includes('size'));
});

bench.run();
