import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordVideo, cappedCubicVideoSchedule, everyEpisode } from '../../../envs/src/wrappers/record-video';
import { MinAtarEnv } from '../../../envs/src/minatar/minatar-env';
import { Breakout } from '../../../envs/src/minatar/breakout';
import { gifInfo } from '../../../envs/src/render/gif-info';
import { EnvOptionError } from '../../../envs/src/errors';

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-video-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs one episode with no-ops; returns its step count. */
function episode(env: RecordVideo<Uint8Array, number>, seed?: number): number {
  env.reset(seed === undefined ? {} : { seed });
  let steps = 0;
  for (;;) {
    steps++;
    if (env.step(0).terminated) return steps;
  }
}

const S = suite('cappedCubicVideoSchedule');

S('records the perfect cubes below 1000, then every 1000th episode', () => {
  const picked = [];
  for (let id = 0; id < 3001; id++) if (cappedCubicVideoSchedule(id)) picked.push(id);
  assert.equal(picked, [0, 1, 8, 27, 64, 125, 216, 343, 512, 729, 1000, 2000, 3000]);
  assert.ok(everyEpisode());
});

S.run();

const R = suite('RecordVideo');

R('writes one GIF per triggered episode with steps + 1 frames of the env’s render size', () => {
  withDir((dir) => {
    const env = new RecordVideo(new MinAtarEnv(Breakout, { cellSize: 4 }), { videoFolder: join(dir, 'v'), episodeTrigger: (id) => id % 2 === 0 });
    const lengths = [episode(env, 1), episode(env), episode(env)];
    env.close();
    assert.equal(readdirSync(join(dir, 'v')).sort(), ['rl-video-episode-0.gif', 'rl-video-episode-2.gif']);
    assert.equal(env.videoPaths.map((p) => p.split('/').pop()), ['rl-video-episode-0.gif', 'rl-video-episode-2.gif']);
    const info0 = gifInfo(readFileSync(join(dir, 'v', 'rl-video-episode-0.gif')));
    assert.is(info0.frames, lengths[0] + 1);
    assert.is(info0.width, 40);
    assert.equal(info0.delays[0], 10, 'MinAtar renders at 10 fps');
    assert.is(gifInfo(readFileSync(join(dir, 'v', 'rl-video-episode-2.gif'))).frames, lengths[2] + 1);
  });
});

R('an episode cut short by reset or close is still written', () => {
  withDir((dir) => {
    const env = new RecordVideo(new MinAtarEnv(Breakout, { cellSize: 2 }), { videoFolder: dir, episodeTrigger: everyEpisode, namePrefix: 'cut', fps: 25 });
    env.reset({ seed: 0 });
    env.step(0);
    env.step(0);
    assert.ok(env.recording);
    env.reset();
    env.step(0);
    env.close();
    env.close();
    const a = gifInfo(readFileSync(join(dir, 'cut-episode-0.gif')));
    assert.is(a.frames, 3);
    assert.equal(a.delays, [4, 4, 4], '25 fps');
    assert.is(gifInfo(readFileSync(join(dir, 'cut-episode-1.gif'))).frames, 2);
    assert.is(env.videoPaths.length, 2);
  });
});

R('does not change what the env returns', () => {
  withDir((dir) => {
    const plain = new MinAtarEnv(Breakout, { copyObservation: true });
    const wrapped = new RecordVideo(new MinAtarEnv(Breakout, { copyObservation: true }), { videoFolder: dir, episodeTrigger: everyEpisode });
    assert.equal([...wrapped.reset({ seed: 4 }).observation], [...plain.reset({ seed: 4 }).observation]);
    for (let t = 0; t < 5; t++) {
      const a = plain.step(1), b = wrapped.step(1);
      assert.equal([...b.observation], [...a.observation]);
      assert.is(b.reward, a.reward);
      if (a.terminated) break;
    }
    wrapped.close();
  });
});

R('refuses a missing folder, a bad trigger or an unsafe prefix', () => {
  const env = new MinAtarEnv(Breakout);
  assert.throws(() => new RecordVideo(env, {} as { videoFolder: string }), (e: Error) => e instanceof EnvOptionError && /videoFolder/.test(e.message));
  assert.throws(() => new RecordVideo(env, { videoFolder: 'x', episodeTrigger: 3 as unknown as () => boolean }), (e: Error) => e instanceof EnvOptionError && /episodeTrigger/.test(e.message));
  assert.throws(() => new RecordVideo(env, { videoFolder: 'x', namePrefix: '../up' }), (e: Error) => e instanceof EnvOptionError && /namePrefix/.test(e.message));
});

R.run();
