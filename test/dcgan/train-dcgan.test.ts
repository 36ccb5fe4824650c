import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { diskFull } from '../helpers/disk-full';
import { useAsyncReadsOnlyBackend } from '../helpers/async-reads-only-backend';
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, take, tap, toArray } from 'rxjs';
import { CheckpointWriteError, loadWeightsInto } from '@deeper/core';
import { buildDcgan, resolveDcganConfig } from '../../packages/dcgan/src/dcgan-config';
import { trainDcgan, type TrainDcganConfig } from '../../packages/dcgan/src/train-dcgan';
import type { GanEvent } from '../../packages/dcgan/src/gan-event';
import type { GanImages } from '../../packages/dcgan/src/gan-images';

const TrainDcgan = suite('trainDcgan');
TrainDcgan.before(async () => {
  await tf.setBackend('cpu');
});

/** 32 labelled 28×28 images: class k is a bright horizontal bar at row 3k + 1 on a dark ground. */
function bars(count = 32, classes = 3): GanImages {
  const images = new Float32Array(count * 28 * 28).fill(-1);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % classes;
    for (let x = 0; x < 28; x++) for (let dy = 0; dy < 3; dy++) images[i * 784 + (labels[i] * 8 + 2 + dy) * 28 + x] = 1;
  }
  return { images, labels, count, size: 28, channels: 1, classNames: Array.from({ length: classes }, (_, k) => `bar ${k}`) };
}

const tiny: Partial<TrainDcganConfig> = { model: { baseFilters: 4, latentDim: 8, seed: 1 }, batchSize: 8, sampleCount: 6, seed: 3 };
const tempDir = () => mkdtempSync(join(tmpdir(), 'train-dcgan-'));

TrainDcgan('is cold, emits typed steps, sample grids and checkpoints, and ends with done', async () => {
  const dir = tempDir();
  try {
    const run = trainDcgan(bars(), { ...tiny, epochs: 2, sampleEvery: 3, checkpointEvery: 3, runDir: dir });
    assert.not.ok(existsSync(join(dir, 'checkpoints')), 'nothing runs before subscribe');
    const events = await lastValueFrom(run.pipe(toArray()));
    const steps = events.filter((e) => e.type === 'step');
    assert.is(steps.length, 8); // 32 images / 8 per step, 2 epochs
    assert.equal(steps.map((e) => e.step), [1, 2, 3, 4, 5, 6, 7, 8]);
    for (const e of steps) assert.ok(e.type === 'step' && Number.isFinite(e.dLoss) && e.dReal > 0 && e.dReal < 1 && e.batchesPerEpoch === 4);
    const at = (type: GanEvent['type']) => events.filter((e) => e.type === type).map((e) => e.step);
    assert.equal(at('samples'), [3, 6, 8]);
    assert.equal(at('checkpoint'), [3, 6, 8]);
    assert.equal(at('epoch'), [4, 8]);
    assert.is(events[events.length - 1].type, 'done');
    assert.equal(readdirSync(join(dir, 'checkpoints')).sort(), ['step-00000003', 'step-00000006', 'step-00000008']);
    // The PNG header's IHDR chunk holds width and height at bytes 16 and 20.
    const grid = readFileSync(join(dir, 'samples', 'step-00000008.png'));
    assert.equal([grid.readUInt32BE(16), grid.readUInt32BE(20)], [3 * 29 + 1, 2 * 29 + 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

TrainDcgan('a run stopped after a checkpoint and resumed ends with the same weights as one uninterrupted', async () => {
  const [whole, cut] = [tempDir(), tempDir()];
  try {
    const config = { ...tiny, conditional: true, epochs: 2, checkpointEvery: 2, sampleEvery: 0, labelSmoothing: 0.1 };
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: whole }).pipe(toArray()));
    // Stop at step 3, after the checkpoint at step 2, as a SIGKILL between checkpoints would.
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut }).pipe(take(4), toArray()));
    assert.not.ok(existsSync(join(cut, 'checkpoints', 'step-00000004')));
    const resumed = await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut, resume: cut }).pipe(toArray()));
    assert.equal(resumed[0], { type: 'resume', epoch: 0, step: 2, path: join(cut, 'checkpoints', 'step-00000002') });
    for (const role of ['generator', 'discriminator']) {
      const bytes = (root: string) => readFileSync(join(root, 'checkpoints', 'step-00000008', role, 'weights.bin'));
      assert.ok(bytes(whole).equals(bytes(cut)), `${role} weights differ`);
    }
  } finally {
    rmSync(whole, { recursive: true, force: true });
    rmSync(cut, { recursive: true, force: true });
  }
});

TrainDcgan('aborting runtime.stop mid-epoch checkpoints that step, completes, and the resumed run ends with the uninterrupted weights', async () => {
  const [whole, cut] = [tempDir(), tempDir()];
  try {
    // 4 steps: checkpoints at 2 and at the end; the stop after step 3 adds one there.
    const config = { ...tiny, epochs: 1, checkpointEvery: 2, sampleEvery: 0 };
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: whole }).pipe(toArray()));
    const stop = new AbortController();
    const events = await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut }, { stop: stop.signal }).pipe(
      tap((e) => e.type === 'step' && e.step === 3 && stop.abort()),
      toArray(),
    ));
    assert.equal(events.filter((e) => e.type === 'step').map((e) => e.step), [1, 2, 3], 'no step after the stop');
    assert.equal(events.filter((e) => e.type === 'checkpoint').map((e) => e.step), [2, 3]);
    assert.equal(events.at(-1), { type: 'checkpoint', epoch: 0, step: 3, path: join(cut, 'checkpoints', 'step-00000003') });
    const resumed = await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut, resume: cut }).pipe(toArray()));
    assert.equal(resumed[0], { type: 'resume', epoch: 0, step: 3, path: join(cut, 'checkpoints', 'step-00000003') });
    for (const role of ['generator', 'discriminator']) {
      const bytes = (root: string) => readFileSync(join(root, 'checkpoints', 'step-00000004', role, 'weights.bin'));
      assert.ok(bytes(whole).equals(bytes(cut)), `${role} weights differ`);
    }
  } finally {
    rmSync(whole, { recursive: true, force: true });
    rmSync(cut, { recursive: true, force: true });
  }
});

TrainDcgan('a cosine schedule: past its totalSteps the rate is minLr (0 here) and no trainable weight moves; before it they do; a resumed run ends with the uninterrupted weights', async () => {
  const [whole, cut] = [tempDir(), tempDir()];
  try {
    // 8 steps (2 epochs of 4); the cosine ends after the first 4 updates, so updates 5–8 run at rate 0.
    const config = { ...tiny, epochs: 2, checkpointEvery: 2, sampleEvery: 0, schedule: { name: 'cosine' as const, totalSteps: 4, minLr: 0 } };
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: whole }).pipe(toArray()));
    const trainable = async (step: string, role: 'generator' | 'discriminator') => {
      const nets = buildDcgan(resolveDcganConfig(tiny.model));
      try {
        const net = role === 'generator' ? nets.generator : nets.discriminator;
        await loadWeightsInto(net, join(whole, 'checkpoints', step, role), { match: 'order' });
        return net.trainableWeights.map((w) => Array.from(w.read().dataSync()));
      } finally {
        nets.generator.dispose();
        nets.discriminator.dispose();
      }
    };
    for (const role of ['generator', 'discriminator'] as const) {
      assert.not.equal(await trainable('step-00000002', role), await trainable('step-00000004', role), `${role} learns while the rate is above 0`);
      assert.equal(await trainable('step-00000004', role), await trainable('step-00000008', role), `${role} is still once the rate is 0`);
    }
    // Stopped after step 5 (checkpoint 4), resumed: the schedule follows the restored update count.
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut, schedule: { name: 'cosine', totalSteps: 4, minLr: 0 } }).pipe(take(8), toArray()));
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut, resume: cut }).pipe(toArray()));
    for (const role of ['generator', 'discriminator']) {
      const bytes = (root: string) => readFileSync(join(root, 'checkpoints', 'step-00000008', role, 'weights.bin'));
      assert.ok(bytes(whole).equals(bytes(cut)), `${role} weights differ`);
    }
    assert.throws(() => trainDcgan(bars(), { ...config, schedule: { name: 'cosine' } }), /totalSteps to be an integer > warmupSteps \+ holdSteps \(0\) for the cosine schedule, but received 0/);
  } finally {
    rmSync(whole, { recursive: true, force: true });
    rmSync(cut, { recursive: true, force: true });
  }
});

TrainDcgan('discriminatorLearningRate is D\'s rate alone: Adam\'s first step moves each of D\'s weights by about its rate (4e-4) and each of G\'s by G\'s (2e-4); null is learningRate', async () => {
  const dirs = [tempDir(), tempDir(), tempDir()];
  try {
    const config = { ...tiny, epochs: 1, checkpointEvery: 1, sampleEvery: 0 };
    const rates = [null, 2e-4, 4e-4];
    for (let i = 0; i < 3; i++) await lastValueFrom(trainDcgan(bars(), { ...config, learningRate: 2e-4, discriminatorLearningRate: rates[i], runDir: dirs[i] }).pipe(toArray()));
    const bytes = (dir: string, role: string) => readFileSync(join(dir, 'checkpoints', 'step-00000001', role, 'weights.bin'));
    assert.ok(bytes(dirs[0], 'discriminator').equals(bytes(dirs[1], 'discriminator')) && bytes(dirs[0], 'generator').equals(bytes(dirs[1], 'generator')), 'null trains as learningRate');
    /** The median |Δw| of a network's trainable weights over the first step (Adam's first step is the rate times sign(g) where |g| ≫ ε). */
    const medianStep = async (dir: string, role: 'generator' | 'discriminator') => {
      const [start, after] = [buildDcgan(resolveDcganConfig(tiny.model)), buildDcgan(resolveDcganConfig(tiny.model))];
      try {
        const net = (nets: typeof start) => (role === 'generator' ? nets.generator : nets.discriminator);
        await loadWeightsInto(net(after), join(dir, 'checkpoints', 'step-00000001', role), { match: 'order' });
        const deltas = net(after).trainableWeights.flatMap((w, i) => {
          const a = w.read().dataSync();
          const b = net(start).trainableWeights[i].read().dataSync();
          return Array.from(a, (v, j) => Math.abs(v - b[j]));
        }).sort((x, y) => x - y);
        return deltas[Math.floor(deltas.length / 2)];
      } finally {
        for (const nets of [start, after]) { nets.generator.dispose(); nets.discriminator.dispose(); }
      }
    };
    const near = (x: number, target: number) => Math.abs(x - target) < 0.05 * target;
    for (const [dir, dRate] of [[dirs[0], 2e-4], [dirs[2], 4e-4]] as const) {
      const [d, g] = [await medianStep(dir, 'discriminator'), await medianStep(dir, 'generator')];
      assert.ok(near(d, dRate), `D moved ${d}, expected about ${dRate}`);
      assert.ok(near(g, 2e-4), `G moved ${g}, expected about 2e-4`);
    }
    assert.throws(() => trainDcgan(bars(), { ...config, discriminatorLearningRate: 0 }), /discriminatorLearningRate to be a finite number > 0, but received 0/);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

TrainDcgan('with emaDecay every checkpoint keeps the average of G, and a run stopped and resumed ends with the uninterrupted average', async () => {
  const [whole, cut] = [tempDir(), tempDir()];
  try {
    const config = { ...tiny, conditional: true, epochs: 2, checkpointEvery: 2, sampleEvery: 0, emaDecay: 0.9 };
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: whole }).pipe(toArray()));
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut }).pipe(take(4), toArray()));
    const resumed = await lastValueFrom(trainDcgan(bars(), { ...config, runDir: cut, resume: cut }).pipe(toArray()));
    assert.equal(resumed[0], { type: 'resume', epoch: 0, step: 2, path: join(cut, 'checkpoints', 'step-00000002'), ema: 'restored' });
    for (const step of ['step-00000002', 'step-00000008']) {
      const state = JSON.parse(readFileSync(join(whole, 'checkpoints', step, 'gan-state.json'), 'utf8'));
      assert.equal(state.ema, { decay: 0.9, updates: Number(step.slice(5)) });
    }
    for (const part of ['generator', 'generator-ema']) {
      const bytes = (root: string) => readFileSync(join(root, 'checkpoints', 'step-00000008', part, 'weights.bin'));
      assert.ok(bytes(whole).equals(bytes(cut)), `${part} weights differ`);
    }
    const bytes = (part: string) => readFileSync(join(whole, 'checkpoints', 'step-00000008', part, 'weights.bin'));
    assert.not.ok(bytes('generator').equals(bytes('generator-ema')), 'the average is not G');
  } finally {
    rmSync(whole, { recursive: true, force: true });
    rmSync(cut, { recursive: true, force: true });
  }
});

TrainDcgan('a run without an average resumed with one starts it there and trains the same weights', async () => {
  const [plain, added] = [tempDir(), tempDir()];
  try {
    const config = { ...tiny, epochs: 2, checkpointEvery: 2, sampleEvery: 0 };
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: plain }).pipe(toArray()));
    await lastValueFrom(trainDcgan(bars(), { ...config, runDir: added }).pipe(take(4), toArray()));
    assert.not.ok(existsSync(join(added, 'checkpoints', 'step-00000002', 'generator-ema')));
    const resumed = await lastValueFrom(trainDcgan(bars(), { ...config, emaDecay: 0.99, runDir: added, resume: added }).pipe(toArray()));
    assert.is((resumed[0] as { ema?: string }).ema, 'started');
    const state = JSON.parse(readFileSync(join(added, 'checkpoints', 'step-00000008', 'gan-state.json'), 'utf8'));
    assert.equal(state.ema, { decay: 0.99, updates: 6 });
    for (const role of ['generator', 'discriminator']) {
      const bytes = (root: string) => readFileSync(join(root, 'checkpoints', 'step-00000008', role, 'weights.bin'));
      assert.ok(bytes(plain).equals(bytes(added)), `${role} weights differ: the average changed training`);
    }
  } finally {
    rmSync(plain, { recursive: true, force: true });
    rmSync(added, { recursive: true, force: true });
  }
});

TrainDcgan('reads only asynchronously, so it trains on WebGPU under Node: on a backend that refuses dataSync, the cpu backend\'s events and checkpoints', async () => {
  const [onCpu, onAsync] = [tempDir(), tempDir()];
  try {
    const config = { ...tiny, conditional: true, epochs: 1, checkpointEvery: 2, sampleEvery: 2, emaDecay: 0.9 };
    const cpuEvents = await lastValueFrom(trainDcgan(bars(), { ...config, runDir: onCpu }).pipe(toArray()));
    await useAsyncReadsOnlyBackend();
    let asyncEvents: GanEvent[];
    try {
      assert.throws(() => tf.scalar(1).dataSync(), /synchronous read/);
      asyncEvents = await lastValueFrom(trainDcgan(bars(), { ...config, runDir: onAsync }).pipe(toArray()));
    } finally {
      await tf.setBackend('cpu');
    }
    const numbers = (events: GanEvent[]) => events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && [e.dLoss, e.gLoss, e.dReal, e.dFake]);
    assert.is(numbers(asyncEvents).length, 4);
    assert.equal(numbers(asyncEvents), numbers(cpuEvents));
    for (const part of ['generator', 'discriminator', 'generator-ema']) {
      const bytes = (root: string) => readFileSync(join(root, 'checkpoints', 'step-00000004', part, 'weights.bin'));
      assert.ok(bytes(onAsync).equals(bytes(onCpu)), `${part} weights differ`);
    }
    const grid = (root: string) => readFileSync(join(root, 'samples', 'step-00000004.png'));
    assert.ok(grid(onAsync).equals(grid(onCpu)), 'sample grids differ');
  } finally {
    rmSync(onCpu, { recursive: true, force: true });
    rmSync(onAsync, { recursive: true, force: true });
  }
});

TrainDcgan('refuses to resume from a checkpoint of another config, naming the field', async () => {
  const dir = tempDir();
  try {
    await lastValueFrom(trainDcgan(bars(), { ...tiny, epochs: 1, runDir: dir }).pipe(toArray()));
    let error: Error | null = null;
    await lastValueFrom(trainDcgan(bars(), { ...tiny, batchSize: 4, epochs: 1, runDir: dir, resume: dir }).pipe(toArray())).catch((e: Error) => (error = e));
    assert.match(String(error), /batchSize 8, and this run has batchSize 4/);
    error = null;
    await lastValueFrom(trainDcgan(bars(), { ...tiny, model: { ...tiny.model, baseFilters: 8 }, epochs: 1, runDir: dir, resume: dir }).pipe(toArray())).catch((e: Error) => (error = e));
    assert.match(String(error), /Resume with the same architecture/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

TrainDcgan('a non-finite loss stops the run with a clear error', async () => {
  const data = bars();
  data.images.fill(NaN);
  let error: Error | null = null;
  await lastValueFrom(trainDcgan(data, { ...tiny, epochs: 1 }).pipe(toArray())).catch((e: Error) => (error = e));
  assert.match(String(error), /trainDcgan expects finite losses, but received D loss NaN .* at step 1 .*No checkpoint was written yet/);
});

TrainDcgan('a collapsed discriminator stops the run and names the last good checkpoint, writing none after', async () => {
  const dir = tempDir();
  try {
    let error: Error | null = null;
    const seen: number[] = [];
    // A threshold no loss stays above: "collapsed" from the first step, stopped at the second.
    await lastValueFrom(trainDcgan(bars(), { ...tiny, epochs: 1, checkpointEvery: 1, collapseThreshold: 100, collapsePatience: 2, runDir: dir })
      .pipe(tap((e) => e.type === 'checkpoint' && seen.push(e.step)), toArray())).catch((e: Error) => (error = e));
    assert.match(String(error), /the discriminator collapsed/);
    assert.match(String(error), /The last good checkpoint is .*step-00000001/);
    assert.equal(seen, [1]);
    assert.equal(readdirSync(join(dir, 'checkpoints')), ['step-00000001']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

TrainDcgan('a full disk (ENOSPC) during a checkpoint keeps the previous set and stops with an error naming both; that set resumes', async () => {
  const dir = tempDir();
  const disk = diskFull();
  try {
    const config = { ...tiny, conditional: true, epochs: 2, checkpointEvery: 2, sampleEvery: 0, emaDecay: 0.9 };
    const error = await new Promise<Error>((resolve) => trainDcgan(bars(), { ...config, runDir: dir }).subscribe({
      // From the first checkpoint on the disk is full: the next set's first write fails.
      next: (e) => e.type === 'checkpoint' && e.step === 2 && disk.fill(),
      error: resolve,
      complete: () => resolve(new Error('completed without an error')),
    }));
    disk.restore();
    assert.ok(disk.failed(), 'the injected failure was hit');
    assert.instance(error, CheckpointWriteError);
    assert.match(error.message, /writing checkpoint .*step-00000004 expects the disk to take it, but it failed: ENOSPC/);
    assert.match(error.message, /The previous checkpoint .*step-00000002 is kept, complete/);
    assert.equal(readdirSync(join(dir, 'checkpoints')), ['step-00000002'], 'no partial or temporary set is left');
    const resumed = await lastValueFrom(trainDcgan(bars(), { ...config, runDir: dir, resume: dir }).pipe(toArray()));
    assert.equal(resumed[0], { type: 'resume', epoch: 0, step: 2, path: join(dir, 'checkpoints', 'step-00000002'), ema: 'restored' });
    assert.is(resumed.at(-1)!.type, 'done');
  } finally {
    disk.restore();
    rmSync(dir, { recursive: true, force: true });
  }
});

TrainDcgan('refuses bad input at call time, by name', () => {
  const unlabelled = { ...bars(), labels: null, classNames: [] };
  assert.throws(() => trainDcgan(unlabelled, { ...tiny, conditional: true }), /expects labelled images for a conditional GAN/);
  assert.throws(() => trainDcgan(bars(4), tiny), /trainDcgan expects batchSize to be at most the 4 training images, but received 8/);
  assert.throws(() => trainDcgan(bars(), { ...tiny, labelSmoothing: 0.9 }), /labelSmoothing/);
  assert.throws(() => trainDcgan(bars(), { ...tiny, emaDecay: 1 }), /trainDcgan expects emaDecay to be a finite number > 0 and < 1, but received 1/);
  assert.throws(() => trainDcgan(bars(), { ...tiny, model: { imageSize: 32 } }), /model.imageSize to be the data's image side 28, but received 32/);
});

TrainDcgan.run();
