/**
 * The in-place RMSProp and Adam updates by deeper's native addon (addon/src/optimizer.c)
 * against the wasm pass they replace (wasm-kernels/native/optimizer-steps.c): bit for bit
 * after six steps, on one thread and on two (a variable large enough to be split over the
 * pool), for every variant the optimizers have. Skipped, and said so, where no addon loads.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { loadedAddon, registerAddonKernels, setAddonKernelsEnabled } from '../../../packages/core/src/backend/addon-kernels/index';
import { addonState } from '../../../packages/core/src/backend/addon-kernels/addon-call';
import { AdamOptimizer } from '../../../packages/core/src/optim/adam-optimizer';
import { RmspropOptimizer } from '../../../packages/core/src/optim/rmsprop-optimizer';
import type { SlotOptimizer } from '../../../packages/core/src/optim/slot-optimizer';
import { values } from '../backend/wasm-kernels/compare-with-cpu';

delete process.env.DEEPER_NATIVE;
await selectBackend('wasm', { quiet: true, threads: 1 });
const test = suite('addon optimizer step');

const cases: { name: string; make: () => SlotOptimizer }[] = [
  { name: 'centred RMSProp (MinAtar reference)', make: () => new RmspropOptimizer({ learningRate: 2.5e-4, alpha: 0.95, epsilon: 0.01, momentum: 0, centered: true, weightDecay: 0 }) },
  { name: 'centred RMSProp, momentum, weight decay', make: () => new RmspropOptimizer({ learningRate: 1e-3, alpha: 0.9, epsilon: 1e-8, momentum: 0.9, centered: true, weightDecay: 0.01 }) },
  { name: 'plain RMSProp', make: () => new RmspropOptimizer({ learningRate: 1e-2, alpha: 0.99, epsilon: 1e-8, momentum: 0, centered: false, weightDecay: 0 }) },
  { name: 'Adam', make: () => new AdamOptimizer({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }) },
  { name: 'Adam with weight decay', make: () => new AdamOptimizer({ learningRate: 3e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.05 }) },
];

// 200,003 values: split over two threads, and not a multiple of any vector width.
const shapes = [[3, 3, 4, 16], [1024, 128], [200_003], [7]];
let run = 0;

/** Six steps of `make()` with the addon's pass on or off; every variable's final values, and how many addon calls ran. */
function sixSteps(make: () => SlotOptimizer, addonOn: boolean): { out: Float32Array[]; calls: number } {
  setAddonKernelsEnabled(addonOn);
  const real = addonState.addon!;
  let calls = 0;
  // A copy of the addon's functions (its own properties are read-only) that counts the optimizer calls.
  const counting: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(real)) counting[key] = (real as unknown as Record<string, unknown>)[key];
  for (const key of ['rmspropStep', 'adamStep']) {
    const f = counting[key] as (...a: unknown[]) => void;
    counting[key] = (...args: unknown[]) => {
      calls++;
      f(...args);
    };
  }
  addonState.addon = counting as unknown as typeof real;
  run++;
  const variables = shapes.map((shape, i) => tf.variable(tf.tensor(values(tf.util.sizeFromShape(shape), 10 + i), shape), true, `addon-step-${run}-${i}`));
  const optimizer = make();
  for (let step = 0; step < 6; step++) {
    const grads = Object.fromEntries(variables.map((v, i) => [v.name, tf.mul(tf.tensor(values(v.size, 100 * step + i), v.shape), 1 + (step % 3))]));
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  const out = variables.map((v) => Float32Array.from(v.dataSync() as Float32Array));
  optimizer.dispose();
  tf.dispose(variables);
  addonState.addon = real;
  setAddonKernelsEnabled(true);
  return { out, calls };
}

if (!loadedAddon()) {
  test('skipped: no native addon loads here', () => console.log('addon optimizer step tests skipped: no native addon loads on this machine'));
} else {
  for (const threads of [1, 2]) {
    for (const { name, make } of cases) {
      test(`${name}, ${threads} thread(s): the addon's in-place pass equals the wasm pass bit for bit`, () => {
        registerAddonKernels(threads);
        const native = sixSteps(make, true);
        const wasm = sixSteps(make, false);
        // The first step makes the slots out of place; the five after it run in place, one call per variable.
        assert.is(native.calls, 5 * shapes.length);
        assert.is(wasm.calls, 0);
        native.out.forEach((x, k) => {
          let same = x.length === wasm.out[k].length;
          for (let i = 0; same && i < x.length; i++) same = Object.is(x[i], wasm.out[k][i]);
          assert.ok(same, `variable ${k} [${shapes[k]}] differs`);
        });
      });
    }
  }
}

test.run();
