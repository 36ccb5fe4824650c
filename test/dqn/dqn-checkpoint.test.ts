import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { trainDqn } from '../../packages/dqn/src/train-dqn';
import type { DqnEvent } from '../../packages/dqn/src/dqn-event';
import { rejects } from '../helpers/rejects';
import { identity, run, tempDir } from './helpers/identity-agent';
import { hugeRewardEnvId } from './helpers/toy-envs';

await selectBackend('wasm', { quiet: true, threads: 1 });

const Checkpoint = suite('saveDqnCheckpoint and loadDqnCheckpoint, through trainDqn');

Checkpoint('resumes from a checkpoint with its counters, ε, replay and generators: the same weights as an unbroken run', async () => {
  const dir = tempDir();
  try {
    // ε_eval 0.5: the evaluations draw from their own generator, which the checkpoint keeps.
    const base = { ...identity, frames: 800, checkpointEvery: 400, saveReplay: true, evalEvery: 200, evalEpisodes: 4, evalEpsilon: 0.5 };
    const whole = await run({ ...base, runDir: join(dir, 'whole') });
    const firstHalf = await run({ ...base, frames: 400, runDir: join(dir, 'split') });
    assert.is(firstHalf[firstHalf.length - 1].step, 400);
    // Leftovers of a crash mid-write: a temporary folder and a checkpoint folder without its
    // dqn-state.json (written last). The resume passes over both.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has exited
    mkdirSync(join(dir, 'split', 'checkpoints', `.frame-0000000600.${dead}.tmp`, 'learner'), { recursive: true });
    mkdirSync(join(dir, 'split', 'checkpoints', 'frame-0000000700', 'target'), { recursive: true });
    const secondHalf = await run({ ...base, runDir: join(dir, 'split'), resume: join(dir, 'split') });
    assert.not.ok(existsSync(join(dir, 'split', 'checkpoints', `.frame-0000000600.${dead}.tmp`)), "the next save removed the dead writer's temporary folder");
    rmSync(join(dir, 'split', 'checkpoints', 'frame-0000000700'), { recursive: true });
    const resume = secondHalf[0];
    assert.ok(resume.type === 'resume' && resume.step === 400 && resume.update === 201 && resume.episode === 40 && resume.replayRestored);
    const curve = (events: DqnEvent[]) => events.filter((e) => e.type === 'train-step').map((e) => e.type === 'train-step' && [e.step, e.epsilon, e.loss]);
    const resumed = curve(secondHalf);
    const unbroken = curve(whole).slice(-resumed.length);
    // The first summary after the resume averages fewer updates (its window began before the checkpoint).
    assert.equal(resumed.map((r) => r && r.slice(0, 2)), unbroken.map((r) => r && r.slice(0, 2)));
    assert.equal(resumed.slice(1), unbroken.slice(1));
    const evals = (events: DqnEvent[]) => events.flatMap((e) => (e.type === 'eval' ? [[e.step, ...e.returns]] : []));
    assert.equal(evals(secondHalf), evals(whole).slice(2), 'the evaluations after the resume draw what the unbroken run drew');
    assert.ok(new Set(evals(whole).flatMap((r) => r.slice(1))).size > 1, 'ε_eval 0.5 makes the evaluation returns differ');
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
