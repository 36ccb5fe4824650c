import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordEpisode, recordEpisodeDefaults } from '../../experiments/src/commands/envs-record';
import { gifInfo } from '../../envs/src/render/gif-info';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-record-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const R = suite('recordEpisode');

R('writes a GIF of one episode with steps + 1 frames', async () => {
  await withDir(async (dir) => {
    const out = join(dir, 'a', 'episode.gif');
    const r = await recordEpisode({ env: 'MinAtar/Breakout-v1', out, seed: 3 });
    assert.ok(r.ended);
    const bytes = readFileSync(out);
    assert.equal(String.fromCharCode(...bytes.subarray(0, 6)), 'GIF89a');
    const info = gifInfo(bytes);
    assert.is(info.frames, r.steps + 1);
    assert.is(r.frames, r.steps + 1);
    assert.is(info.width, 200);
    assert.equal(info.delays[0], 10, 'MinAtar plays at 10 fps');
  });
});

R('is deterministic under a seed and stops at --max-steps', async () => {
  await withDir(async (dir) => {
    const a = await recordEpisode({ env: 'MinAtar/Asterix-v0', out: join(dir, 'a.gif'), seed: 7 });
    const b = await recordEpisode({ env: 'MinAtar/Asterix-v0', out: join(dir, 'b.gif'), seed: 7 });
    assert.equal(readFileSync(join(dir, 'a.gif')), readFileSync(join(dir, 'b.gif')));
    assert.is(a.steps, b.steps);
    const cut = await recordEpisode({ env: 'MinAtar/Freeway-v1', out: join(dir, 'c.gif'), maxSteps: 12, policy: 'noop' });
    assert.is(cut.steps, 12);
    assert.not.ok(cut.ended);
    assert.is(gifInfo(readFileSync(join(dir, 'c.gif'))).frames, 13);
  });
});

R('refuses bad options with a clear message', async () => {
  const fails = async (config: Parameters<typeof recordEpisode>[0], pattern: RegExp) => {
    try {
      await recordEpisode(config);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.match((error as Error).message, pattern);
    }
  };
  await fails({ env: 'MinAtar/Breakout-v1', out: 'x.png' }, /--out to name a \.gif/);
  await fails({ env: 'MinAtar/Breakout-v1', out: 'x.gif', maxSteps: 0 }, /--max-steps/);
  await fails({ env: 'MinAtar/Breakout-v1', out: 'x.gif', policy: 'greedy' as 'random' }, /--policy/);
  await fails({ env: 'MinAtar/Breakout-v9', out: 'x.gif' }, /MinAtar\/Breakout-v0/);
  assert.is(recordEpisodeDefaults.policy, 'random');
});

R.run();
