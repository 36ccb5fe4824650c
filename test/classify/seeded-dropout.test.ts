import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SeededDropout } from '../../packages/classify/src/seeded-dropout';
import { fit } from '../../packages/core/src/train/fit';
import type { TrainEvent } from '../../packages/core/src/train/train-event';

await tf.setBackend('cpu');

const Dropout = suite('SeededDropout');

const ones = () => tf.ones([4, 50]);
const run = (layer: SeededDropout, training: boolean) => tf.tidy(() => Array.from((layer.apply(ones(), { training }) as tf.Tensor).dataSync()));

Dropout('training: zeroes about `rate` of the units and scales the rest by 1 / (1 − rate)', () => {
  const layer = new SeededDropout({ rate: 0.5, seed: 1 });
  const out = run(layer, true);
  const zeros = out.filter((v) => v === 0).length;
  assert.ok(out.every((v) => v === 0 || Math.abs(v - 2) < 1e-6));
  assert.ok(zeros > 60 && zeros < 140, `${zeros} of 200 zeroed`);
});

Dropout('inference is the identity and draws nothing', () => {
  const layer = new SeededDropout({ rate: 0.5, seed: 1 });
  assert.ok(run(layer, false).every((v) => v === 1));
  assert.equal(layer.getRandomState(), [0]);
});

Dropout('masks: new on every call, replayed from (seed, state)', () => {
  const a = new SeededDropout({ rate: 0.5, seed: 7 });
  const b = new SeededDropout({ rate: 0.5, seed: 7 });
  const first = run(a, true);
  const second = run(a, true);
  assert.not.equal(first, second);
  assert.equal(run(b, true), first);
  assert.equal(a.getRandomState(), [2]);
  b.setRandomState([1]);
  assert.equal(run(b, true), second);
  assert.not.equal(run(new SeededDropout({ rate: 0.5, seed: 8 }), true), first);
});

Dropout('serializes its rate and seed, and refuses a rate of 1', () => {
  const config = new SeededDropout({ rate: 0.25, seed: 3 }).getConfig();
  assert.is(config.rate, 0.25);
  assert.is(config.seed, 3);
  assert.throws(() => new SeededDropout({ rate: 1, seed: 0 }), /rate/);
});

Dropout('fit checkpoints its state: a resumed run with dropout reaches the same weights', async () => {
  const model = (seed: number) => tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      new SeededDropout({ rate: 0.5, seed }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  const x = tf.randomUniform([40, 4], -1, 1, 'float32', 3);
  const y = new Uint8Array(Array.from({ length: 40 }, (_, i) => i % 2));
  const config = { epochs: 3, batchSize: 8, seed: 2, checkpointEvery: 4, checkpointUnit: 'step' as const, optimizer: { learningRate: 0.05 } };
  const train = async (runDir: string | null, resume: string | null, stopAt?: number) => {
    const m = model(9);
    await new Promise<void>((resolve, reject) => {
      const sub = fit(m, { x, y }, { ...config, runDir, resume }).subscribe({
        next: (e: TrainEvent) => {
          if (e.type === 'batch' && e.step === stopAt) {
            sub.unsubscribe();
            resolve();
          }
        },
        error: reject,
        complete: resolve,
      });
    });
    const w = m.getWeights().map((t) => Array.from(t.dataSync()));
    m.dispose();
    return w;
  };
  const dir = mkdtempSync(join(tmpdir(), 'deeper-dropout-'));
  try {
    const full = await train(null, null);
    await train(dir, null, 10);
    assert.equal(await train(dir, dir), full);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    x.dispose();
  }
});

Dropout.run();
