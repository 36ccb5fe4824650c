/**
 * Times training steps of the textbook deep CNN on the current backend: the measurement
 * behind deeper's choice of backend and wasm kernels (see select-backend.ts). The official
 * figures come from `deeper bench core`; this is the quick probe for this area.
 *
 * The network, as @deeper/classify's deepCnn (Saito, ch. 8): 28×28×1 → conv 3×3 16, conv
 * 3×3 16 (padding 1), max-pool 2 → conv 3×3 32 (padding 1), zero-pad 2 and conv 3×3 32,
 * max-pool 2 → conv 3×3 64, conv 3×3 64 (padding 1), max-pool 2 → dense 50 ReLU, dropout
 * 0.5, dense 10, dropout 0.5, softmax; He init, Adam 1e-3.
 *
 * Run: `node --import tsx packages/core/src/backend/bench-textbook-cnn.ts [backend] [steps] [batch]`
 * (DEEPER_WASM_THREADS sets wasm threads).
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { checkInteger, resolveConfig } from '../config';
import { releaseBackend, selectBackend } from './select-backend';

/** What to time. */
export interface BenchTextbookCnnConfig {
  /** Samples per training step. Default 100 (the task's batch). */
  batchSize: number;
  /** Timed steps, after `warmupSteps` untimed ones. Default 5. */
  steps: number;
  /** Untimed steps first (kernel setup, XNNPACK operator caches). Default 2. */
  warmupSteps: number;
  /** Seed of the random inputs and initial weights. Default 0. */
  seed: number;
}

/** Defaults of `BenchTextbookCnnConfig`. */
export const benchTextbookCnnDefaults: BenchTextbookCnnConfig = { batchSize: 100, steps: 5, warmupSteps: 2, seed: 0 };

/** Seconds per timed step, their median, samples/s and memory figures. */
export interface BenchTextbookCnnResult {
  backend: string;
  stepSeconds: number[];
  medianSeconds: number;
  samplesPerSecond: number;
  /**
   * Process CPU seconds (user + system) per timed step, median: on a shared machine this
   * moves far less with other processes' load than wall time does (with one wasm thread).
   */
  medianCpuSeconds: number;
  /** batchSize / medianCpuSeconds. */
  samplesPerCpuSecond: number;
  numTensorsPerStep: number[];
  rssMiB: number;
}

/** Builds the textbook deep CNN (logits out; the softmax is in the loss). */
export function textbookCnn(seed = 0): tf.Sequential {
  const he = (k: number) => tf.initializers.heNormal({ seed: seed + k });
  const conv = (filters: number, k: number, padding: 'same' | 'valid', inputShape?: [number, number, number]) =>
    tf.layers.conv2d({ filters, kernelSize: 3, padding, activation: 'relu', kernelInitializer: he(k), ...(inputShape ? { inputShape } : {}) });
  return tf.sequential({
    layers: [
      conv(16, 1, 'same', [28, 28, 1]), conv(16, 2, 'same'), tf.layers.maxPooling2d({ poolSize: 2 }),
      conv(32, 3, 'same'), tf.layers.zeroPadding2d({ padding: 2 }), conv(32, 4, 'valid'),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      conv(64, 5, 'same'), conv(64, 6, 'same'), tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 50, activation: 'relu', kernelInitializer: he(7) }),
      tf.layers.dropout({ rate: 0.5, seed }),
      tf.layers.dense({ units: 10, kernelInitializer: he(8) }),
      tf.layers.dropout({ rate: 0.5, seed: seed + 1 }),
    ],
  });
}

/** Times `steps` Adam training steps of the textbook CNN on the current backend. */
export function benchTextbookCnn(partial: Partial<BenchTextbookCnnConfig> = {}): BenchTextbookCnnResult {
  const config = resolveConfig('benchTextbookCnn', benchTextbookCnnDefaults, partial);
  checkInteger('benchTextbookCnn', 'batchSize', config.batchSize);
  checkInteger('benchTextbookCnn', 'steps', config.steps);
  checkInteger('benchTextbookCnn', 'warmupSteps', config.warmupSteps, 0);
  const model = textbookCnn(config.seed);
  const optimizer = tf.train.adam(1e-3);
  const x = tf.randomUniform([config.batchSize, 28, 28, 1], 0, 1, 'float32', config.seed);
  const labels = tf.tidy(() => tf.oneHot(tf.randomUniform([config.batchSize], 0, 10, 'int32', config.seed + 1) as tf.Tensor1D, 10));
  const step = () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor), true) as tf.Scalar;
    loss.dataSync();
    loss.dispose();
  };
  for (let i = 0; i < config.warmupSteps; i++) step();
  const stepSeconds: number[] = [];
  const cpuSeconds: number[] = [];
  const numTensorsPerStep: number[] = [];
  for (let i = 0; i < config.steps; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    step();
    stepSeconds.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpuStarted);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    numTensorsPerStep.push(tf.memory().numTensors);
  }
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  tf.dispose([x, labels]);
  model.dispose();
  optimizer.dispose();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const medianSeconds = median(stepSeconds);
  const medianCpuSeconds = median(cpuSeconds);
  return {
    backend: tf.getBackend(), stepSeconds, medianSeconds, samplesPerSecond: config.batchSize / medianSeconds,
    medianCpuSeconds, samplesPerCpuSecond: config.batchSize / medianCpuSeconds, numTensorsPerStep, rssMiB,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [backend = 'wasm', steps = '5', batch = '100'] = process.argv.slice(2);
  await selectBackend(backend);
  const result = benchTextbookCnn({ steps: Number(steps), batchSize: Number(batch), warmupSteps: backend === 'cpu' ? 0 : 2 });
  console.log(JSON.stringify(result));
  releaseBackend();
}
