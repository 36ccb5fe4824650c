/**
 * Times a DQN training step and an action choice of the MinAtar network's shape (conv 16
 * 3x3 valid on 10x10xC, dense 128 ReLU, one Q-value per action; batch 32, Adam, squared
 * error) with deeper's native addon kernels on and off, alternated in one process (this
 * machine is shared): the tiny matmuls and convolutions where waking threads can cost more
 * than the arithmetic. One JSON line per measure and way: the median over rounds of the
 * mean ms.
 *
 * Run: `node --import tsx packages/core/src/backend/bench-addon-dqn-step.ts [rounds] [steps]`
 * (DEEPER_WASM_THREADS sets the threads of wasm and of the addon).
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadedAddon, setAddonKernelsEnabled } from './addon-kernels/index';
import { releaseBackend, selectBackend } from './select-backend';

export interface BenchAddonDqnLine { name: 'dqn-train-step' | 'dqn-act'; way: 'wasm+native' | 'wasm'; ms: number; perRound: number[] }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Alternates `rounds` rounds of `steps` training steps and 4 × `steps` action choices, native on then off. */
export function benchAddonDqn(rounds = 6, steps = 50, channels = 4, actions = 6, batch = 32): BenchAddonDqnLine[] {
  if (!loadedAddon()) throw new Error('bench-addon-dqn-step expects deeper\'s native addon to be loaded (selectBackend(\'wasm\') without DEEPER_NATIVE=0)');
  const model = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [10, 10, channels], filters: 16, kernelSize: 3, activation: 'relu' }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.dense({ units: actions }),
  ] });
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([batch, 10, 10, channels], 0, 1, 'float32', 1);
  const y = tf.randomNormal([batch, actions], 0, 1, 'float32', 2);
  const one = x.slice([0], [1]);
  const step = () => {
    const loss = optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!;
    loss.dataSync();
    loss.dispose();
  };
  const act = () => {
    const choice = tf.tidy(() => (model.predict(one) as tf.Tensor).argMax(-1));
    choice.dataSync();
    choice.dispose();
  };
  const times = { 'dqn-train-step': { on: [] as number[], off: [] as number[] }, 'dqn-act': { on: [] as number[], off: [] as number[] } };
  try {
    for (const on of [true, false]) {
      setAddonKernelsEnabled(on);
      for (let i = 0; i < 5; i++) { step(); act(); }
    }
    for (let r = 0; r < rounds; r++) {
      for (const on of [true, false]) {
        setAddonKernelsEnabled(on);
        const way = on ? 'on' : 'off';
        let started = performance.now();
        for (let i = 0; i < steps; i++) step();
        times['dqn-train-step'][way].push((performance.now() - started) / steps);
        started = performance.now();
        for (let i = 0; i < 4 * steps; i++) act();
        times['dqn-act'][way].push((performance.now() - started) / (4 * steps));
      }
    }
  } finally {
    setAddonKernelsEnabled(true);
    tf.dispose([x, y, one]);
    optimizer.dispose();
    model.dispose();
  }
  return (['dqn-train-step', 'dqn-act'] as const).flatMap((name) => (['on', 'off'] as const).map((way) => ({
    name, way: way === 'on' ? 'wasm+native' as const : 'wasm' as const,
    ms: Number(median(times[name][way]).toFixed(3)), perRound: times[name][way].map((v) => Number(v.toFixed(3))),
  })));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await selectBackend('wasm');
  for (const line of benchAddonDqn(Number(process.argv[2] ?? 6), Number(process.argv[3] ?? 50))) console.log(JSON.stringify({ ...line, threads: report.threads }));
  releaseBackend();
}
