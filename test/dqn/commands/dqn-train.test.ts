/**
 * `deeper dqn train|eval|play` end to end, in child processes on wasm: a run killed with
 * SIGKILL after a checkpoint resumes with its frame counter, ε and learning curve continuing;
 * eval's --json last line; play's terminal output; refusals of bad options.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import { runDeeperWasm } from '../../helpers/run-deeper';
import * as assert from 'uvu/assert';
import { gifInfo } from '../../../envs/src/render/gif-info';

/** `deeper` on wasm; `onStderr` may kill it with SIGKILL. */
const deeper = (args: string[], onStderr?: (text: string, kill: () => void) => void) => runDeeperWasm(args, onStderr && ((text, signal) => onStderr(text, () => signal('SIGKILL'))));

// The classic preset starts learning at frame 1,000: the kill at frame 1,600 comes after 600
// updates, so the resume must restore the networks, the optimizer and the learner mid-training.
const budget = ['--env', 'CartPole-v1', '--frames', '2400', '--checkpoint-every', '800', '--eval-every', '800', '--eval-episodes', '2', '--progress-every', '1', '--save-replay'];

const Train = suite('deeper dqn train');

Train('a run killed (SIGKILL) after a checkpoint resumes with its frame counter, ε and curve continuing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-dqn-cmd-'));
  try {
    const killed = await deeper(['dqn', 'train', ...budget, '--out', out], (text, kill) => {
      if (/checkpoint at frame 1600: .*checkpoints\/frame-0000001600/.test(text)) kill();
    });
    assert.is(killed.code, null, 'killed by the signal');
    const dir = join(out, readdirSync(out)[0]);
    assert.match(dir, /CartPole-v1__dqn-classic__0__\d+$/);
    assert.ok(existsSync(join(dir, 'checkpoints', 'frame-0000001600', 'dqn-state.json')));
    const before = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const lastStepBefore = before.filter((l) => l.type === 'train-step' && l.step <= 1600).pop();
    const episodesBefore = before.filter((l) => l.type === 'episode-end' && l.step <= 1600).length;
    const resumed = await deeper(['dqn', 'train', '--resume', dir]);
    assert.is(resumed.code, 0, resumed.stderr);
    const [, update] = /resumed at frame 1600, update (\d+), episode \d+ from .*frame-0000001600 \(replay restored\)/.exec(resumed.stderr) ?? [];
    assert.ok(Number(update) > 0, `the kill came after updates (${update})`);
    const summary = JSON.parse(resumed.stdout.trim().split('\n').pop()!);
    assert.is(summary.frames, 2400);
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const steps = lines.filter((l) => l.type === 'train-step');
    const resumeAt = lines.findIndex((l) => l.type === 'resume');
    assert.ok(lines.slice(0, resumeAt).every((l) => l.step <= 1600), 'records past the checkpoint were dropped, not duplicated');
    assert.is(lines.slice(0, resumeAt).filter((l) => l.type === 'episode-end').length, episodesBefore, 'the curve up to the checkpoint is kept');
    const afterResume = lines.slice(resumeAt);
    const firstStep = afterResume.find((l) => l.type === 'train-step');
    assert.ok(firstStep.step > 1600, 'frames continue past the checkpoint');
    assert.ok(firstStep['charts/epsilon'] <= lastStepBefore['charts/epsilon'], 'ε continues its schedule instead of restarting at 1');
    assert.ok(firstStep.update > lastStepBefore.update, 'the update counter continues');
    assert.ok(steps.every((l) => typeof l['losses/td_loss'] === 'number'));
    assert.is(lines[lines.length - 1].type, 'done');
    assert.ok(readFileSync(join(dir, 'plots', 'training.svg'), 'utf8').startsWith('<svg'));
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.equal([config.preset, config.env, config.frames, config.network, config.double, config.nStep], ['classic', 'CartPole-v1', 2400, 'mlp', true, 3]);

    const evaluated = await deeper(['dqn', 'eval', '--run', dir, '--episodes', '3', '--json']);
    assert.is(evaluated.code, 0, evaluated.stderr);
    const last = JSON.parse(evaluated.stdout.trim().split('\n').pop()!);
    assert.equal(Object.keys(last), ['episodes', 'mean_return', 'std_return']);
    assert.is(last.episodes, 3);
    assert.ok(last.mean_return > 0);

    // --gif records the first evaluation episode: with ε 0 it is the one scored, so CartPole's
    // GIF holds one frame per step (the return) and the state after the last.
    const gif = join(out, 'episode.gif');
    const recorded = await deeper(['dqn', 'eval', '--run', dir, '--episodes', '1', '--epsilon', '0', '--gif', gif, '--json']);
    assert.is(recorded.code, 0, recorded.stderr);
    const scored = JSON.parse(recorded.stdout.trim().split('\n').pop()!);
    assert.is(gifInfo(readFileSync(gif)).frames, scored.mean_return + 1);

    const played = await deeper(['dqn', 'play', '--run', dir, '--fps', '0']);
    assert.is(played.code, 0, played.stderr);
    assert.match(played.stdout, /CartPole-v1 {2}episode 1 {2}step 1 {2}return 1 {2}action \d {2}Q\(s′\) \[/);
    assert.match(played.stdout, /episode 1: return \d+ in \d+ steps/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

Train("the extension flags override the preset both ways; neither keeps the preset's choice (classic on Acrobot and MountainCar too)", async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-dqn-cmd-'));
  try {
    const configOf = async (args: string[]) => {
      const ran = await deeper(['dqn', 'train', '--frames', '10', '--eval-every', '0', '--out', join(out, args.join('_')), ...args]);
      assert.is(ran.code, 0, ran.stderr);
      const folder = join(out, args.join('_'));
      return JSON.parse(readFileSync(join(folder, readdirSync(folder)[0], 'config.json'), 'utf8'));
    };
    const pick = (c: Record<string, unknown>) => [c.preset, c.double, c.dueling, c.nStep, c.prioritized, c.keepBest];
    assert.equal(pick(await configOf(['--env', 'CartPole-v1'])), ['classic', true, false, 3, false, true]);
    assert.equal(pick(await configOf(['--env', 'CartPole-v1', '--no-double', '--n-step', '1', '--no-keep-best', '--dueling'])), ['classic', false, true, 1, false, false]);
    assert.equal(pick(await configOf(['--env', 'MinAtar/Breakout-v0', '--double', '--prioritized'])), ['minatar', true, false, 1, true, false]);
    for (const env of ['Acrobot-v1', 'MountainCar-v0']) assert.equal(pick(await configOf(['--env', env])), ['classic', true, false, 3, false, true]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

Train('refuses bad options naming them', async () => {
  const preset = await deeper(['dqn', 'train', '--env', 'CartPole-v1', '--preset', 'atari']);
  assert.is(preset.code, 1);
  assert.match(preset.stderr, /--preset to be one of minatar, classic, but received "atari"/);
  const frames = await deeper(['dqn', 'train', '--env', 'CartPole-v1', '--frames', '0']);
  assert.match(frames.stderr, /--frames to be a positive integer, but received "0"/);
  const env = await deeper(['dqn', 'train', '--env', 'CartPole-v9', '--frames', '10', '--out', tmpdir()]);
  assert.match(env.stderr, /registered env id, but received "CartPole-v9"; CartPole exists in version/);
  const notRun = await deeper(['dqn', 'eval', '--run', tmpdir()]);
  assert.match(notRun.stderr, /config\.json.*not a run folder/);
});

Train.run();
