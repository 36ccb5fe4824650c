/**
 * Where a training step of each registered classifier spends its time on the current
 * backend: wall time per step (median of `--steps` after two warm-up steps) and the kernels
 * that take longest in one profiled step (tf.profile). Written to find out why the
 * batch-norm models (vgg, resnet20, inception) train far slower than their FLOPs suggest.
 *
 *   DEEPER_WASM_THREADS=1 node --import tsx experiments/classify-profile-step.ts [--models vgg,resnet20] [--batch 100] [--steps 3]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { createOptimizer, selectBackend } from '@deeper/core';
import { buildClassifier, classifierModelNames } from '@deeper/classify';

const { values: args } = parseArgs({ options: { models: { type: 'string', default: classifierModelNames.join(',') }, batch: { type: 'string', default: '100' }, steps: { type: 'string', default: '3' } } });
const batch = Number(args.batch);
const report = await selectBackend();
for (const name of args.models!.split(',')) {
  const model = buildClassifier(name, { inputShape: [28, 28, 1], classes: 10, seed: 0 });
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2), 10);
  const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-3 });
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step = () => tf.dispose(optimizer.step(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, variables));
  step();
  step();
  const times: number[] = [];
  for (let i = 0; i < Number(args.steps); i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  const profile = await tf.profile(() => step());
  const byKernel = new Map<string, number>();
  for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ');
  console.log(JSON.stringify({ model: name, backend: report.name, batch, ms_per_step: Math.round(median), samples_per_s: Math.round((1000 * batch) / median), top_kernels_ms: top }));
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
}
