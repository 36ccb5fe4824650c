import { wasmModuleShape } from '../../helpers/wasm-module';
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AdamStep, RmspropStep, fusedOptimizerStep } from '../../../packages/core/src/backend/wasm-kernels/fused-optimizer-step';
import { AdamOptimizer } from '../../../packages/core/src/optim/adam-optimizer';
import { RmspropOptimizer } from '../../../packages/core/src/optim/rmsprop-optimizer';
import { SlotOptimizer } from '../../../packages/core/src/optim/slot-optimizer';
import { useWasm, values, wasmFootprint } from '../backend/wasm-kernels/compare-with-cpu';

await useWasm();

/** The MinAtar Q-network's variable shapes (conv 16 3×3 on 4 channels, dense 1024→128→6) and a ragged one. */
const shapes = [[3, 3, 4, 16], [16], [1024, 128], [128], [128, 6], [6], [7, 5]];

const cases: { name: string; make: () => SlotOptimizer; kernel: string }[] = [
  { name: 'centred RMSProp, MinAtar reference (lr 2.5e-4, α 0.95, ε 0.01)', kernel: RmspropStep,
    make: () => new RmspropOptimizer({ learningRate: 2.5e-4, alpha: 0.95, epsilon: 0.01, momentum: 0, centered: true, weightDecay: 0 }) },
  { name: 'centred RMSProp with momentum and weight decay', kernel: RmspropStep,
    make: () => new RmspropOptimizer({ learningRate: 1e-3, alpha: 0.9, epsilon: 1e-8, momentum: 0.9, centered: true, weightDecay: 0.01 }) },
  { name: 'plain RMSProp (PyTorch defaults)', kernel: RmspropStep,
    make: () => new RmspropOptimizer({ learningRate: 1e-2, alpha: 0.99, epsilon: 1e-8, momentum: 0, centered: false, weightDecay: 0 }) },
  { name: 'Adam (PyTorch defaults)', kernel: AdamStep,
    make: () => new AdamOptimizer({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 }) },
  { name: 'Adam with weight decay', kernel: AdamStep,
    make: () => new AdamOptimizer({ learningRate: 3e-3, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.05 }) },
];

let run = 0;

/**
 * Six steps of `make()` on `backend` from the same starting values and gradients (the
 * gradient's scale changes between steps so that the moments move); returns every
 * variable's value and every slot after the last step, and the kernels the steps ran.
 */
async function sixSteps(backend: string, make: () => SlotOptimizer, fused = true): Promise<{ out: Float32Array[]; kernels: string[] }> {
  tf.setBackend(backend);
  SlotOptimizer.useFusedKernels = fused;
  run++;
  const variables = shapes.map((shape, i) => tf.variable(tf.tensor(values(tf.util.sizeFromShape(shape), 10 + i), shape), true, `fused-update-${run}-${i}`));
  const optimizer = make();
  const kernels = new Set<string>();
  for (let step = 0; step < 6; step++) {
    const grads = Object.fromEntries(variables.map((v, i) => [v.name, tf.mul(tf.tensor(values(v.size, 100 * step + i), v.shape), 1 + (step % 3))]));
    const profile = await tf.profile(() => optimizer.applyGradients(grads));
    for (const k of profile.kernelNames) kernels.add(k);
    tf.dispose(Object.values(grads));
  }
  const weights = await optimizer.getWeights();
  const out = [...variables, ...weights.slice(1).map((w) => w.tensor)].map((t) => Float32Array.from(t.dataSync() as Float32Array));
  optimizer.dispose();
  tf.dispose(variables);
  SlotOptimizer.useFusedKernels = true;
  tf.setBackend('wasm');
  return { out, kernels: [...kernels] };
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  assert.is(a.length, b.length);
  let diff = 0;
  a.forEach((x, k) => {
    assert.is(x.length, b[k].length);
    for (let i = 0; i < x.length; i++) diff = Math.max(diff, Math.abs(x[i] - b[k][i]));
  });
  return diff;
}

const fusedStep = suite('fused optimizer update on wasm');

for (const { name, make, kernel } of cases) {
  fusedStep(`${name}: one ${kernel} per variable, the cpu backend's composed values to 1e-6 after six steps`, async () => {
    const wasm = await sixSteps('wasm', make);
    const cpu = await sixSteps('cpu', make);
    assert.ok(wasm.kernels.includes(kernel), `wasm ran ${wasm.kernels.join(', ')}`);
    assert.not.ok(cpu.kernels.includes(kernel), 'the cpu backend has no fused kernel');
    assert.not.ok(wasm.kernels.some((k) => k === 'Sqrt' || k === 'RealDiv'), `the fused path still ran ${wasm.kernels.join(', ')}`);
    const diff = maxDifference(wasm.out, cpu.out);
    assert.ok(diff <= 1e-6, `max |wasm − cpu| ${diff}`);
  });

  fusedStep(`${name}: bit for bit the composed update's values on wasm`, async () => {
    const fused = await sixSteps('wasm', make, true);
    const composed = await sixSteps('wasm', make, false);
    assert.not.ok(composed.kernels.includes(kernel));
    const diff = maxDifference(fused.out, composed.out);
    assert.is(diff, 0, `max |fused − composed| ${diff}`);
  });
}

fusedStep('leaks no tensor, wasm data or heap over many steps', () => {
  tf.setBackend('wasm');
  for (const { make } of cases) {
    const variables = shapes.map((shape, i) => tf.variable(tf.tensor(values(tf.util.sizeFromShape(shape), i), shape), true, `fused-update-leak-${run++}-${i}`));
    const grads = Object.fromEntries(variables.map((v, i) => [v.name, tf.tensor(values(v.size, 50 + i), v.shape)]));
    const optimizer = make();
    for (let i = 0; i < 3; i++) optimizer.applyGradients(grads); // slots made on the first step
    const before = wasmFootprint();
    for (let i = 0; i < 20; i++) optimizer.applyGradients(grads);
    assert.equal(wasmFootprint(), before);
    optimizer.dispose();
    tf.dispose([...variables, ...Object.values(grads)]);
  }
});

fusedStep('after the first step the update is written in place (same data, no kernel), except where another tensor shares the data', async () => {
  tf.setBackend('wasm');
  for (const { make, kernel } of cases) {
    const v = tf.variable(tf.tensor(values(12, 1), [3, 4]), true, `fused-in-place-${run++}`);
    const w = tf.variable(tf.zeros([3, 4]), true, `fused-in-place-${run++}`);
    const g = tf.tensor(values(12, 2), [3, 4]);
    const optimizer = make();
    optimizer.applyGradients({ [v.name]: g }); // the slots are made, out of place
    const dataId = v.dataId;
    const before = Float32Array.from(v.dataSync() as Float32Array);
    const profile = await tf.profile(() => optimizer.applyGradients({ [v.name]: g }));
    assert.not.ok(profile.kernelNames.includes(kernel), 'the second step ran no kernel');
    assert.is(v.dataId, dataId, 'written where it lies');
    assert.ok(maxDifference([Float32Array.from(v.dataSync() as Float32Array)], [before]) > 0, 'the value moved');
    // A clone and a variable assigned from v share its data: the step must leave both alone.
    const alias = tf.clone(v);
    w.assign(v);
    const shared = Float32Array.from(v.dataSync() as Float32Array);
    optimizer.applyGradients({ [v.name]: g });
    assert.is(maxDifference([Float32Array.from(alias.dataSync() as Float32Array)], [shared]), 0, 'the clone kept its values');
    assert.is(maxDifference([Float32Array.from(w.dataSync() as Float32Array)], [shared]), 0, 'the variable assigned from v kept its values');
    assert.ok(maxDifference([Float32Array.from(v.dataSync() as Float32Array)], [shared]) > 0, 'v itself moved');
    assert.is.not(v.dataId, dataId, 'a shared buffer is replaced, not written');
    optimizer.dispose();
    tf.dispose([v, w, g, alias]);
  }
});

fusedStep('falls back (null) where the backend lacks the kernel or an input is not float32', () => {
  tf.setBackend('cpu');
  const x = tf.ones([3]);
  assert.is(fusedOptimizerStep(AdamStep, { value: x, gradient: x, m: x, v: x }, { learningRate: 1, beta1: 0.9, beta2: 0.9, epsilon: 1, weightDecay: 0, t: 1 }), null);
  x.dispose();
  tf.setBackend('wasm');
  const i = tf.ones([3], 'int32');
  const y = tf.ones([3]);
  assert.is(fusedOptimizerStep(AdamStep, { value: y, gradient: i, m: y, v: y }, { learningRate: 1, beta1: 0.9, beta2: 0.9, epsilon: 1, weightDecay: 0, t: 1 }), null);
  tf.dispose([i, y]);
});

fusedStep.run();

const modules = suite('fused optimizer step modules');

for (const file of ['optimizer-steps.wasm', 'optimizer-steps-shared.wasm']) {
  modules(`${file} imports only env.memory, carries no data to write into the backend's heap and exports both updates`, () => {
    const shape = wasmModuleShape(new URL(`../../../packages/core/src/backend/wasm-kernels/native/${file}`, import.meta.url));
    assert.equal(shape.imports, [{ module: 'env', name: 'memory', kind: 'memory' }]);
    assert.not.ok(shape.hasDataSection, 'a data section');
    assert.equal(shape.functions, ['adam_step_f32', 'rmsprop_step_f32']);
  });
}

modules.run();
