/**
 * Times an n×n×n matmul on the current backend (GFLOP/s): the probe that showed wasm's
 * transposed matmuls off XNNPACK's fast path, and that measures wasm threads.
 *
 * Run: `node --import tsx packages/core/src/backend/bench-mat-mul.ts [backend] [n] [repeats]`
 * (DEEPER_WASM_THREADS sets wasm threads).
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { checkInteger, resolveConfig } from '../config';
import { releaseBackend, selectBackend } from './select-backend';

/** What to time. */
export interface BenchMatMulConfig {
  /** Matrix size n (both operands n×n). Default 1024, the size backends.md reports. */
  size: number;
  /** Timed repeats; the median is reported. Default 5. */
  repeats: number;
  /** Transpose the first operand (the dense-layer weight-gradient case). Default false. */
  transposeA: boolean;
  /** Transpose the second operand (the dense-layer input-gradient case). Default false. */
  transposeB: boolean;
}

/** Defaults of `BenchMatMulConfig`. */
export const benchMatMulDefaults: BenchMatMulConfig = { size: 1024, repeats: 5, transposeA: false, transposeB: false };

/** Median seconds per product and the GFLOP/s it means (2n³ flops). */
export interface BenchMatMulResult {
  backend: string;
  size: number;
  medianSeconds: number;
  gflops: number;
}

/** Times `repeats` matmuls after one untimed warm-up. */
export function benchMatMul(partial: Partial<BenchMatMulConfig> = {}): BenchMatMulResult {
  const config = resolveConfig('benchMatMul', benchMatMulDefaults, partial);
  checkInteger('benchMatMul', 'size', config.size);
  checkInteger('benchMatMul', 'repeats', config.repeats);
  const n = config.size;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  const once = () => {
    const product = tf.matMul(a, b, config.transposeA, config.transposeB);
    product.dataSync();
    product.dispose();
  };
  once();
  const seconds: number[] = [];
  for (let i = 0; i < config.repeats; i++) {
    const started = performance.now();
    once();
    seconds.push((performance.now() - started) / 1000);
  }
  tf.dispose([a, b]);
  seconds.sort((x, y) => x - y);
  const medianSeconds = seconds[Math.floor(seconds.length / 2)];
  return { backend: tf.getBackend(), size: n, medianSeconds, gflops: (2 * n ** 3) / medianSeconds / 1e9 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [backend = 'wasm', size = '1024', repeats = '5'] = process.argv.slice(2);
  await selectBackend(backend);
  console.log(JSON.stringify(benchMatMul({ size: Number(size), repeats: Number(repeats) })));
  releaseBackend();
}
