import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diskFull } from '../../helpers/disk-full';
import { fit } from '../../../packages/core/src/train/fit';
import { resolveFitConfig } from '../../../packages/core/src/train/fit-config';
import type { TrainEvent } from '../../../packages/core/src/train/train-event';
import { CheckpointError, CheckpointWriteError, ConfigError } from '../../../packages/core/src/errors';
import { latestCheckpoint } from '../../../packages/core/src/train/train-checkpoint';

await tf.setBackend('cpu');

/** A 4 → hidden → 3 softmax classifier with seeded weights. */
function smallModel(hidden = 8, seed = 1): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [4], kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** 60 points whose class is the largest of their first three coordinates: learnable, not trivial. */
function toyData(count = 60): { x: Float32Array; y: Uint8Array; sampleShape: number[] } {
  const x = new Float32Array(count * 4);
  const y = new Uint8Array(count);
  let s = 7;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < 4; j++) x[i * 4 + j] = rand() * 2 - 1;
    const row = Array.from(x.subarray(i * 4, i * 4 + 3));
    y[i] = row.indexOf(Math.max(...row));
  }
  return { x, y, sampleShape: [4] };
}

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
const tempDir = () => mkdtempSync(join(tmpdir(), 'deeper-fit-'));

const Fit = suite('fit');

Fit('is cold: builds nothing and trains nothing until subscribe', async () => {
  const model = smallModel();
  const before = weightsOf(model);
  const tensors = tf.memory().numTensors;
  const events$ = fit(model, toyData(), { epochs: 1, batchSize: 20 });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(weightsOf(model), before);
  assert.is(tf.memory().numTensors, tensors);
  const events = await lastValueFrom(events$.pipe(toArray()));
  assert.ok(events.length > 0);
  assert.not.equal(weightsOf(model), before);
  model.dispose();
});

Fit('emits typed batch, epoch, validation and done events with plain numbers, and the loss falls', async () => {
  const model = smallModel();
  const data = toyData();
  const tensors = tf.memory().numTensors;
  const events = await lastValueFrom(fit(model, { ...data, validation: toyData(30) }, { epochs: 30, batchSize: 20, optimizer: { learningRate: 0.05 } }).pipe(toArray()));
  assert.is(tf.memory().numTensors, tensors, 'no tensor leaked by a whole run');
  const types = events.map((e) => e.type);
  assert.is(types.filter((t) => t === 'batch').length, 30 * 3);
  assert.is(types.filter((t) => t === 'epoch').length, 30);
  assert.is(types.filter((t) => t === 'validation').length, 30);
  assert.is(types[types.length - 1], 'done');
  assert.equal(types.slice(0, 5), ['batch', 'batch', 'batch', 'epoch', 'validation']);
  for (const e of events) for (const v of Object.values(e)) assert.ok(typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean', `${e.type} carries ${typeof v}`);
  const batches = events.filter((e): e is Extract<TrainEvent, { type: 'batch' }> => e.type === 'batch');
  assert.equal(batches.map((b) => b.step), Array.from({ length: 90 }, (_, i) => i + 1));
  assert.ok(batches.every((b) => b.learningRate === 0.05 && b.size === 20 && b.samplesPerSecond > 0));
  const epochs = events.filter((e): e is Extract<TrainEvent, { type: 'epoch' }> => e.type === 'epoch');
  assert.ok(epochs[29].loss < 0.6 * epochs[0].loss, `loss ${epochs[0].loss} → ${epochs[29].loss}`);
  const done = events[events.length - 1] as Extract<TrainEvent, { type: 'done' }>;
  assert.ok(done.validationAccuracy > 0.7, `validation accuracy ${done.validationAccuracy}`);
  assert.is(done.step, 90);
  model.dispose();
});

Fit('epoch loss is the size-weighted mean of its batch losses (last batch smaller)', async () => {
  const model = smallModel();
  const events = await lastValueFrom(fit(model, toyData(50), { epochs: 1, batchSize: 20 }).pipe(toArray()));
  const batches = events.filter((e): e is Extract<TrainEvent, { type: 'batch' }> => e.type === 'batch');
  assert.equal(batches.map((b) => b.size), [20, 20, 10]);
  const epoch = events.find((e) => e.type === 'epoch') as Extract<TrainEvent, { type: 'epoch' }>;
  const mean = batches.reduce((s, b) => s + b.loss * b.size, 0) / 50;
  assert.ok(Math.abs(epoch.loss - mean) < 1e-9);
  model.dispose();
});

Fit('same seed → same loss sequence; another seed → another minibatch order', async () => {
  const losses = async (seed: number) => {
    const model = smallModel();
    const events = await lastValueFrom(fit(model, toyData(), { epochs: 2, batchSize: 10, seed }).pipe(toArray()));
    model.dispose();
    return events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
  };
  const a = await losses(3);
  assert.equal(await losses(3), a);
  assert.not.equal(await losses(4), a);
});

Fit('unsubscribe stops the loop between batches and frees its tensors', async () => {
  const model = smallModel();
  const tensors = tf.memory().numTensors;
  const seen: TrainEvent[] = [];
  await new Promise<void>((resolve) => {
    const sub = fit(model, toyData(), { epochs: 1000, batchSize: 10 }).subscribe((e) => {
      seen.push(e);
      if (e.type === 'batch' && e.step === 3) {
        sub.unsubscribe();
        resolve();
      }
    });
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.is(seen.length, 3);
  assert.is(tf.memory().numTensors, tensors);
  model.dispose();
});

Fit('a custom loss and one-hot tensor targets', async () => {
  const model = smallModel();
  const data = toyData(20);
  const x = tf.tensor2d(data.x, [20, 4]);
  const y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 3);
  const events = await lastValueFrom(fit(model, { x, y }, { epochs: 1, batchSize: 20, shuffle: false, loss: (t, o) => tf.losses.meanSquaredError(t, o) as tf.Scalar }).pipe(toArray()));
  const first = events[0] as Extract<TrainEvent, { type: 'batch' }>;
  const mse = tf.tidy(() => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor));
  assert.ok(first.loss > 0 && first.loss < 1);
  assert.ok(Number.isFinite(mse.dataSync()[0]));
  tf.dispose([x, y, mse]);
  model.dispose();
});

Fit('the augmentation hook sees every training batch with a per-step seed that replays under the same fit seed', async () => {
  const run = async (seed: number) => {
    const model = smallModel();
    const seeds: number[] = [];
    const shapes: number[][] = [];
    const events = await lastValueFrom(fit(model, toyData(), {
      epochs: 2, batchSize: 30, seed,
      augment: (batch, s) => {
        seeds.push(s);
        shapes.push(batch.shape);
        return tf.add(batch, tf.randomNormal(batch.shape, 0, 0.1, 'float32', s));
      },
    }).pipe(toArray()));
    model.dispose();
    return { seeds, shapes, losses: events.flatMap((e) => (e.type === 'batch' ? [e.loss] : [])) };
  };
  const a = await run(1);
  assert.is(a.seeds.length, 4);
  assert.is(new Set(a.seeds).size, 4);
  assert.equal(a.shapes, [[30, 4], [30, 4], [30, 4], [30, 4]]);
  assert.equal(await run(1), a);
  assert.not.equal((await run(2)).seeds, a.seeds);
  // Image augmentations typed on Tensor4D fit the hook's type.
  const imageHook: (batch: tf.Tensor4D, seed: number) => tf.Tensor4D = (b) => b;
  assert.ok(resolveFitConfig({ augment: imageHook }).augment === imageHook);
});

Fit('refuses bad config at call time and bad data at subscribe', async () => {
  const model = smallModel();
  assert.throws(() => fit(model, toyData(), { batchSize: 0 }), (e: Error) => e instanceof ConfigError && /batchSize/.test(e.message));
  assert.throws(() => fit(model, toyData(), { resume: 'runs/x' }), (e: Error) => /runDir/.test(e.message));
  assert.throws(() => fit(model, toyData(), { bogus: 1 } as never), /unknown field "bogus"/);
  const bad = { x: new Float32Array(8), y: new Uint8Array([0, 5]), sampleShape: [4] };
  await lastValueFrom(fit(model, bad, { epochs: 1 })).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /labels in 0…2.*received 5 at index 1/));
  model.dispose();
});

Fit.run();

const Resume = suite('fit resume');

async function trainedWeights(runDir: string | null, config: Parameters<typeof fit>[2], stopAtStep?: number, hidden = 8): Promise<{ weights: number[][]; events: TrainEvent[] }> {
  const model = smallModel(hidden);
  const events: TrainEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    const sub = fit(model, { ...toyData(), validation: toyData(20) }, { ...config, runDir }).subscribe({
      next: (e) => {
        events.push(e);
        if (stopAtStep !== undefined && e.type === 'batch' && e.step === stopAtStep) {
          sub.unsubscribe(); // as if the process were killed here, between checkpoints
          resolve();
        }
      },
      error: reject,
      complete: resolve,
    });
  });
  const weights = weightsOf(model);
  model.dispose();
  return { weights, events };
}

const resumeConfig = { epochs: 4, batchSize: 8, seed: 5, checkpointEvery: 5, checkpointUnit: 'step' as const, optimizer: { learningRate: 0.02 } };

Resume('a run stopped mid-way continues from its last checkpoint to the same final weights', async () => {
  const full = await trainedWeights(null, resumeConfig);
  const dir = tempDir();
  try {
    const killed = await trainedWeights(dir, resumeConfig, 13);
    const checkpoints = killed.events.filter((e) => e.type === 'checkpoint');
    assert.equal(checkpoints.map((e) => e.step), [5, 10]);
    const tensors = tf.memory().numTensors;
    const resumed = await trainedWeights(dir, { ...resumeConfig, resume: dir });
    assert.ok(tf.memory().numTensors <= tensors + 4, 'resume leaks nothing beyond the model it built');
    const resumeEvent = resumed.events[0];
    assert.is(resumeEvent.type, 'resume');
    assert.is(resumeEvent.step, 10);
    assert.is(resumed.events.filter((e) => e.type === 'batch')[0].step, 11);
    assert.equal(resumed.weights, full.weights);
    const fullLosses = full.events.flatMap((e) => (e.type === 'batch' && e.step > 10 ? [e.loss] : []));
    assert.equal(resumed.events.flatMap((e) => (e.type === 'batch' ? [e.loss] : [])), fullLosses);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('resuming at an epoch boundary (checkpoint per epoch) also matches', async () => {
  const config = { ...resumeConfig, checkpointEvery: 1, checkpointUnit: 'epoch' as const };
  const full = await trainedWeights(null, config);
  const dir = tempDir();
  try {
    await trainedWeights(dir, config, 20);
    const resumed = await trainedWeights(dir, { ...config, resume: dir });
    assert.is(resumed.events[0].step, 16);
    assert.equal(resumed.weights, full.weights);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('a step checkpoint due on an epoch\'s last batch is written after validation, resuming at the next epoch', async () => {
  const dir = tempDir();
  try {
    const { events } = await trainedWeights(dir, { ...resumeConfig, epochs: 2, checkpointEvery: 8 });
    const checkpoints = events.filter((e) => e.type === 'checkpoint');
    assert.equal(checkpoints.map((e) => [e.step, e.epoch]), [[8, 1], [16, 2]]);
    const afterValidation = events.findIndex((e) => e.type === 'validation');
    assert.is(events[afterValidation + 1].type, 'checkpoint');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('refuses a checkpoint of another architecture, naming the file and the weight', async () => {
  const dir = tempDir();
  try {
    await trainedWeights(dir, { ...resumeConfig, epochs: 1 });
    await trainedWeights(dir, { ...resumeConfig, resume: dir }, undefined, 6).then(() => assert.unreachable(), (e: Error) => {
      assert.instance(e, CheckpointError);
      assert.match(e.message, /step-00000008\/state.json/);
      assert.match(e.message, /weight 0 .* has shape \[4, 8\] there and \[4, 6\] here/);
    });
    await trainedWeights(dir, { ...resumeConfig, batchSize: 4, resume: dir }).then(() => assert.unreachable(), (e: Error) => {
      assert.match(e.message, /state\.json.*batchSize 8, and this run has batchSize 4/);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('refuses a corrupt checkpoint, naming the file', async () => {
  const dir = tempDir();
  try {
    await trainedWeights(dir, { ...resumeConfig, epochs: 1 });
    const ckpt = join(dir, 'checkpoints', 'step-00000008');
    truncateSync(join(ckpt, 'weights.bin'), 100);
    await trainedWeights(dir, { ...resumeConfig, resume: dir }).then(() => assert.unreachable(), (e: Error) => {
      assert.instance(e, CheckpointError);
      assert.match(e.message, /weights\.bin.*truncated/);
    });
    writeFileSync(join(ckpt, 'state.json'), readFileSync(join(ckpt, 'state.json'), 'utf8').slice(0, 40));
    await trainedWeights(dir, { ...resumeConfig, resume: dir }).then(() => assert.unreachable(), (e: Error) => {
      assert.match(e.message, /state\.json.*not valid JSON/);
    });
    const empty = tempDir();
    await trainedWeights(empty, { ...resumeConfig, resume: empty }).then(() => assert.unreachable(), (e: Error) => assert.match(e.message, /checkpoints.*no complete checkpoint/));
    rmSync(empty, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('a graceful stop (the stop signal) checkpoints at the step it stops at, completes, and resumes to the same final weights', async () => {
  const config = { ...resumeConfig, checkpointEvery: 1, checkpointUnit: 'epoch' as const };
  const full = await trainedWeights(null, config);
  const dir = tempDir();
  try {
    const controller = new AbortController();
    const tensors = tf.memory().numTensors;
    const model = smallModel();
    const events: TrainEvent[] = [];
    await new Promise<void>((resolve, reject) => fit(model, { ...toyData(), validation: toyData(20) }, { ...config, runDir: dir, stop: controller.signal }).subscribe({
      next: (e) => {
        events.push(e);
        if (e.type === 'batch' && e.step === 11) controller.abort();
      },
      error: reject,
      complete: resolve,
    }));
    model.dispose();
    assert.is(tf.memory().numTensors, tensors, 'a stopped run frees its tensors');
    const checkpoints = events.filter((e) => e.type === 'checkpoint').map((e) => e.step);
    assert.equal(checkpoints, [8, 11], 'the epoch checkpoint at 8, then one at the stopping step');
    assert.is(events[events.length - 1].type, 'checkpoint', 'no done event: the run stopped');
    assert.ok(latestCheckpoint(dir).endsWith('step-00000011'));
    const resumed = await trainedWeights(dir, { ...config, resume: dir });
    assert.is(resumed.events[0].step, 11);
    assert.equal(resumed.weights, full.weights);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('a graceful stop right after a checkpoint writes no second one', async () => {
  const dir = tempDir();
  try {
    const controller = new AbortController();
    const model = smallModel();
    const events: TrainEvent[] = [];
    await new Promise<void>((resolve, reject) => fit(model, toyData(), { ...resumeConfig, runDir: dir, stop: controller.signal }).subscribe({
      next: (e) => {
        events.push(e);
        if (e.type === 'checkpoint') controller.abort();
      },
      error: reject,
      complete: resolve,
    }));
    model.dispose();
    assert.equal(events.filter((e) => e.type === 'checkpoint').map((e) => e.step), [5]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('a full disk (ENOSPC) during a checkpoint keeps the previous checkpoint and stops with an error naming both', async () => {
  const dir = tempDir();
  const disk = diskFull();
  try {
    const model = smallModel();
    let checkpoints = 0;
    const error = await new Promise<Error>((resolve) => fit(model, toyData(), { ...resumeConfig, runDir: dir }).subscribe({
      // From the first checkpoint on the disk is full: the next checkpoint's first write fails.
      next: (e) => e.type === 'checkpoint' && ++checkpoints === 1 && disk.fill(),
      error: resolve,
      complete: () => resolve(new Error('completed without an error')),
    }));
    disk.restore();
    model.dispose();
    assert.ok(disk.failed(), 'the injected failure was hit');
    assert.instance(error, CheckpointWriteError);
    assert.match(error.message, /writing checkpoint .*step-00000010 expects the disk to take it, but it failed: ENOSPC/);
    assert.match(error.message, /The previous checkpoint .*step-00000005 is kept, complete/);
    assert.equal(readdirSync(join(dir, 'checkpoints')), ['step-00000005'], 'no partial or temporary checkpoint is left');
    const resumed = await trainedWeights(dir, { ...resumeConfig, resume: dir });
    assert.is(resumed.events[0].step, 5, 'the kept checkpoint resumes');
  } finally {
    disk.restore();
    rmSync(dir, { recursive: true, force: true });
  }
});

Resume('refuses a stop that is not an AbortSignal', () => {
  assert.throws(() => resolveFitConfig({ stop: 'now' as unknown as AbortSignal }), (e: Error) => e instanceof ConfigError && /stop to be null or an AbortSignal/.test(e.message));
});

Resume.run();
