/**
 * Which kernels one DQN update of MinAtar's reference configuration runs, and how long each
 * takes: `dqnUpdate` (target, forward, backward, centered-RMSProp step, one readback) on a
 * fixed batch of 32 random 10×10×4 observations, `--updates` profiled updates after 50
 * unprofiled ones, every kernel call summed by name and input shapes (tf.profile). Written to
 * find what is left of a frame after the fused optimizer step (docs/results/dqn.md,
 * "Training speed"). tf.profile times ops and the kernels inside them alike, so a row such as
 * `fusedMatMul__op` also holds its `_FusedMatMul`: read the rows, not their sum.
 *
 *   DEEPER_WASM_THREADS=1 node --import tsx experiments/dqn-profile-update.ts [--updates 100] [--top 25]
 *
 * With DEEPER_NATIVE=0 it profiles the wasm kernels without deeper's native addon.
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { createOptimizer, selectBackend } from '@deeper/core';
import { dqnDefaults, dqnUpdate, minatarQNetwork, type UpdateBatch } from '@deeper/dqn';

const { values: args } = parseArgs({ options: { updates: { type: 'string', default: '100' }, top: { type: 'string', default: '25' } } });
const updates = Number(args.updates);
const report = await selectBackend('wasm', { quiet: true });
const qNetwork = minatarQNetwork({ seed: 0 });
const targetNetwork = minatarQNetwork({ seed: 1 });
const optimizer = createOptimizer(dqnDefaults.optimizer);
const batch: UpdateBatch = {
  observations: tf.randomUniform([32, 10, 10, 4], 0, 1, 'float32', 1), nextObservations: tf.randomUniform([32, 10, 10, 4], 0, 1, 'float32', 2),
  actions: tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 6), 'int32'), rewards: tf.zeros([32]), terminated: tf.zeros([32]), steps: tf.ones([32]), weights: null,
};
const config = { gamma: dqnDefaults.gamma, loss: dqnDefaults.loss, double: false };
for (let i = 0; i < 50; i++) dqnUpdate(qNetwork, targetNetwork, optimizer, batch, config);

const byKernel = new Map<string, { calls: number; ms: number }>();
let wall = 0;
for (let i = 0; i < updates; i++) {
  const started = performance.now();
  const profile = await tf.profile(() => {
    dqnUpdate(qNetwork, targetNetwork, optimizer, batch, config);
  });
  wall += performance.now() - started;
  for (const k of profile.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const row = byKernel.get(key) ?? { calls: 0, ms: 0 };
    row.calls++;
    row.ms += k.kernelTimeMs as number;
    byKernel.set(key, row);
  }
}
const calls = [...byKernel.values()].reduce((n, r) => n + r.calls, 0) / updates;
console.log(JSON.stringify({ name: 'dqn-update-kernels', backend: report.name, threads: report.threads, updates, kernelCallsPerUpdate: calls, profiledWallMsPerUpdate: Number((wall / updates).toFixed(3)) }));
const byName = new Map<string, number>();
for (const [key, row] of byKernel) byName.set(key.split(' ')[0], (byName.get(key.split(' ')[0]) ?? 0) + row.calls / updates);
console.log(`calls per update by kernel: ${[...byName].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(', ')}`);
console.log('kernel (input shapes)'.padEnd(72), 'calls', '  ms per update');
for (const [key, row] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(args.top))) {
  console.log(key.padEnd(72), (row.calls / updates).toFixed(1).padStart(5), (row.ms / updates).toFixed(3).padStart(8));
}
