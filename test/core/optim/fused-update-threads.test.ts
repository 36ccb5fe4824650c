/**
 * The fused optimizer steps on tfjs's threaded wasm build (selectBackend's default on two or
 * more cores), whose heap is shared memory: fused-optimizer-step.ts loads the module built for
 * a shared memory there (native/optimizer-steps-shared.wasm). Its own file, because the
 * thread count is fixed when the backend loads.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { AdamStep, RmspropStep } from '../../../packages/core/src/backend/wasm-kernels/fused-optimizer-step';
import { backendMemory } from '../../../packages/core/src/backend/wasm-kernels/native-kernels';
import { AdamOptimizer } from '../../../packages/core/src/optim/adam-optimizer';
import { RmspropOptimizer } from '../../../packages/core/src/optim/rmsprop-optimizer';
import { SlotOptimizer } from '../../../packages/core/src/optim/slot-optimizer';
import { values } from '../backend/wasm-kernels/compare-with-cpu';

process.env.DEEPER_NATIVE = '0';
const report = await selectBackend('wasm', { quiet: true, threads: 2 });

const threaded = suite('fused optimizer update on the threaded wasm build');

let run = 0;

/** Four steps of `make()` on a [1024, 128] variable; its value after them and the kernels they ran. */
async function fourSteps(make: () => SlotOptimizer, fused: boolean): Promise<{ value: Float32Array; kernels: string[] }> {
  SlotOptimizer.useFusedKernels = fused;
  const v = tf.variable(tf.tensor(values(1024 * 128, 7), [1024, 128]), true, `threaded-${run++}`);
  const g = tf.tensor(values(1024 * 128, 8), [1024, 128]);
  const optimizer = make();
  const profile = await tf.profile(() => {
    for (let i = 0; i < 4; i++) optimizer.applyGradients({ [v.name]: g });
  });
  const value = Float32Array.from(v.dataSync() as Float32Array);
  optimizer.dispose();
  tf.dispose([v, g]);
  SlotOptimizer.useFusedKernels = true;
  return { value, kernels: profile.kernelNames };
}

threaded('runs on a shared heap, and each update there is the composed one bit for bit', async () => {
  assert.is(report.threads, 2);
  assert.ok(backendMemory(tf.backend() as Parameters<typeof backendMemory>[0]).buffer instanceof SharedArrayBuffer, 'the threaded build shares its heap');
  const cases = [
    { kernel: RmspropStep, make: () => new RmspropOptimizer({ learningRate: 2.5e-4, alpha: 0.95, epsilon: 0.01, momentum: 0.5, centered: true, weightDecay: 0.01 }) },
    { kernel: AdamStep, make: () => new AdamOptimizer({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }) },
  ];
  for (const { kernel, make } of cases) {
    const fused = await fourSteps(make, true);
    const composed = await fourSteps(make, false);
    assert.ok(fused.kernels.includes(kernel), `ran ${fused.kernels.join(', ')}`);
    assert.not.ok(composed.kernels.includes(kernel));
    let diff = 0;
    for (let i = 0; i < fused.value.length; i++) diff = Math.max(diff, Math.abs(fused.value[i] - composed.value[i]));
    assert.is(diff, 0, `${kernel}: max |fused − composed| ${diff}`);
  }
});

threaded.run();
