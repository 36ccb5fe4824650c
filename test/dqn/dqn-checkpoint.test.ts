import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { trainDqn } from '../../packages/dqn/src/train-dqn';
import type { DqnConfig } from '../../packages/dqn/src/dqn-config';
import type { DqnEvent } from '../../packages/dqn/src/dqn-event';
import { continuousEnvId, hugeRewardEnvId, identityEnvId, wrongShapeEnvId } from './helpers/toy-envs';

await selectBackend('wasm', { quiet: true, threads: 1 });

/** A small agent for the 4-way identity env (episodes of 10 steps, optimum 10). */
const identity: Partial<DqnConfig> = {
  env: identityEnvId, network: 'mlp', hidden: [32], frames: 2500, replayCapacity: 5000, batchSize: 32, learningStarts: 200,
  gamma: 0.5, targetSyncEvery: 100, epsilonDecayFrames: 1000, epsilonEnd: 0.02, optimizer: { name: 'adam', learningRate: 3e-3 },
  evalEvery: 2500, evalEpisodes: 10, evalEpsilon: 0, checkpointEvery: 0, logEvery: 100, seed: 1,
};

/** Resolves when `promise` rejects with a message matching `pattern`; fails otherwise. */
async function rejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a rejection matching ${pattern}`);
}

const run = (config: Partial<DqnConfig>) => lastValueFrom(trainDqn(config).pipe(toArray()));
const tempDir = () => mkdtempSync(join(tmpdir(), 'deeper-dqn-'));

const Checkpoint = suite('saveDqnCheckpoint and loadDqnCheckpoint, through trainDqn');

Checkpoint('resumes from a checkpoint with its counters, ε, replay and generators: the same weights as an unbroken run', async () => {
  const dir = tempDir();
  try {
    const base = { ...identity, frames: 800, checkpointEvery: 400, saveReplay: true, evalEvery: 400, evalEpisodes: 2 };
    const whole = await run({ ...base, runDir: join(dir, 'whole') });
    const firstHalf = await run({ ...base, frames: 400, runDir: join(dir, 'split') });
    assert.is(firstHalf[firstHalf.length - 1].step, 400);
    const secondHalf = await run({ ...base, runDir: join(dir, 'split'), resume: join(dir, 'split') });
    const resume = secondHalf[0];
    assert.ok(resume.type === 'resume' && resume.step === 400 && resume.update === 201 && resume.episode === 40 && resume.replayRestored);
    const curve = (events: DqnEvent[]) => events.filter((e) => e.type === 'train-step').map((e) => e.type === 'train-step' && [e.step, e.epsilon, e.loss]);
    const resumed = curve(secondHalf);
    const unbroken = curve(whole).slice(-resumed.length);
    // The first summary after the resume averages fewer updates (its window began before the checkpoint).
    assert.equal(resumed.map((r) => r && r.slice(0, 2)), unbroken.map((r) => r && r.slice(0, 2)));
    assert.equal(resumed.slice(1), unbroken.slice(1));
    const weights = (d: string) => {
      const ckpt = join(d, 'checkpoints', 'frame-0000000800', 'learner');
      return readFileSync(join(ckpt, readdirSync(ckpt)[0], 'weights.bin'));
    };
    assert.ok(weights(join(dir, 'whole')).equals(weights(join(dir, 'split'))), 'byte-identical final weights');
    assert.equal(readdirSync(join(dir, 'split', 'checkpoints')), ['frame-0000000400', 'frame-0000000800']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Checkpoint('refuses a checkpoint of another env or network shape, naming both', async () => {
  const dir = tempDir();
  try {
    await run({ ...identity, frames: 250, runDir: dir });
    await rejects(run({ ...identity, frames: 300, runDir: dir, resume: dir, hidden: [16] }), /weight 0 .*shape \[4, 32\] there and \[4, 16\] here/);
    await rejects(run({ ...identity, env: hugeRewardEnvId, frames: 300, runDir: dir, resume: dir }), /env "Test\/Identity-v0", and this run trains on "Test\/HugeReward-v0"/);
    // The refusals leave the checkpoint as it was: the run still resumes from it.
    assert.equal(readdirSync(join(dir, 'checkpoints')), ['frame-0000000250']);
    const resumed = await run({ ...identity, frames: 300, runDir: dir, resume: dir });
    assert.ok(resumed.some((e) => e.type === 'resume' && e.step === 250));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Checkpoint('a non-finite loss stops the run with an error and keeps the last good checkpoint', async () => {
  const dir = tempDir();
  try {
    const events: DqnEvent[] = [];
    await rejects(
      lastValueFrom(trainDqn({ ...identity, env: hugeRewardEnvId, loss: 'mse', frames: 1000, checkpointEvery: 100, learningStarts: 300, runDir: dir }).pipe(tap((e) => events.push(e)))),
      /finite TD loss, but received Infinity at update 1 \(frame 300\).*last checkpoint was kept/,
    );
    assert.equal(readdirSync(join(dir, 'checkpoints')), ['frame-0000000100', 'frame-0000000200']);
    assert.ok(existsSync(join(dir, 'checkpoints', 'frame-0000000200', 'dqn-state.json')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Checkpoint('keepBest keeps the network of the best evaluation so far in best/, one checkpoint', async () => {
  const dir = tempDir();
  try {
    const events = await run({ ...identity, frames: 900, evalEvery: 300, evalEpisodes: 2, keepBest: true, runDir: dir });
    const evals = events.flatMap((e) => (e.type === 'eval' ? [e] : []));
    const best = evals.reduce((a, b) => (b.meanReturn > a.meanReturn ? b : a));
    const kept = readdirSync(join(dir, 'best'));
    assert.equal(kept, [`frame-${String(best.step).padStart(10, '0')}`]);
    const state = JSON.parse(readFileSync(join(dir, 'best', kept[0], 'dqn-state.json'), 'utf8'));
    assert.is(state.bestEvalReturn, best.meanReturn);
    assert.is(state.hasReplay, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Checkpoint.run();
