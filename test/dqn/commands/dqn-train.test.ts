/**
 * `deeper dqn train|eval|play` end to end, in child processes on wasm: a run killed with
 * SIGKILL after a checkpoint resumes with its frame counter, ε and learning curve continuing;
 * eval's --json last line; play's terminal output; refusals of bad options.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../../..', import.meta.url).pathname;

interface Ran { code: number | null; stdout: string; stderr: string }

function deeper(args: string[], onStderr?: (text: string, kill: () => void) => void): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'experiments/src/main.ts', '--backend', 'wasm', ...args], {
      cwd: root, env: { ...process.env, DEEPER_WASM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, () => {
        if (!killed) child.kill('SIGKILL');
        killed = true;
      });
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const budget = ['--env', 'CartPole-v1', '--frames', '1600', '--checkpoint-every', '400', '--eval-every', '800', '--eval-episodes', '2', '--progress-every', '1', '--save-replay'];

const Train = suite('deeper dqn train');

Train('a run killed (SIGKILL) after a checkpoint resumes with its frame counter, ε and curve continuing', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-dqn-cmd-'));
  try {
    const killed = await deeper(['dqn', 'train', ...budget, '--out', out], (text, kill) => {
      if (/checkpoint at frame 800: .*checkpoints\/frame-0000000800/.test(text)) kill();
    });
    assert.is(killed.code, null, 'killed by the signal');
    const dir = join(out, readdirSync(out)[0]);
    assert.match(dir, /CartPole-v1__dqn-classic__0__\d+$/);
    assert.ok(existsSync(join(dir, 'checkpoints', 'frame-0000000800', 'dqn-state.json')));
    const resumed = await deeper(['dqn', 'train', '--resume', dir]);
    assert.is(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resumed at frame 800, update 0, episode \d+ from .*frame-0000000800 \(replay restored\)/);
    const summary = JSON.parse(resumed.stdout.trim().split('\n').pop()!);
    assert.is(summary.frames, 1600);
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const steps = lines.filter((l) => l.type === 'train-step');
    const afterResume = lines.slice(lines.findIndex((l) => l.type === 'resume'));
    const firstStep = afterResume.find((l) => l.type === 'train-step');
    assert.ok(firstStep.step > 800, 'frames continue past the checkpoint');
    assert.ok(firstStep['charts/epsilon'] < 1, 'ε continues its schedule instead of restarting at 1');
    assert.ok(steps.every((l) => typeof l['losses/td_loss'] === 'number'));
    assert.is(lines[lines.length - 1].type, 'done');
    assert.ok(readFileSync(join(dir, 'plots', 'training.svg'), 'utf8').startsWith('<svg'));
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    assert.equal([config.preset, config.env, config.frames, config.network], ['classic', 'CartPole-v1', 1600, 'mlp']);

    const evaluated = await deeper(['dqn', 'eval', '--run', dir, '--episodes', '3', '--json']);
    assert.is(evaluated.code, 0, evaluated.stderr);
    const last = JSON.parse(evaluated.stdout.trim().split('\n').pop()!);
    assert.equal(Object.keys(last), ['episodes', 'mean_return', 'std_return']);
    assert.is(last.episodes, 3);
    assert.ok(last.mean_return > 0);

    const played = await deeper(['dqn', 'play', '--run', dir, '--fps', '0']);
    assert.is(played.code, 0, played.stderr);
    assert.match(played.stdout, /CartPole-v1 {2}episode 1 {2}step 1 {2}return 1 {2}action \d {2}Q\(s′\) \[/);
    assert.match(played.stdout, /episode 1: return \d+ in \d+ steps/);
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
