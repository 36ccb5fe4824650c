/**
 * The DQN experiment scripts end to end, in child processes on wasm with budgets of a few
 * hundred frames: `experiments/dqn-cartpole.ts` (runs, evaluations, summary and plot) and
 * `experiments/dqn-minatar.ts` (several games and seeds one after the other, the report over
 * seeds, the variant's frames-to-reach, `--report-only`).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runScript as script } from '../../helpers/run-script';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const Scripts = suite('DQN experiment scripts');

Scripts('dqn-cartpole.ts trains each seed, evaluates the final and the best network, and writes summary.json and the plot', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-dqn-cartpole-'));
  try {
    const ran = await script('experiments/dqn-cartpole.ts', ['--seeds', '0,1', '--frames', '1200', '--eval-episodes', '2', '--out', out, '--config', '{"evalEvery":600}']);
    assert.is(ran.code, 0, ran.stderr);
    const rows = readJson(join(out, 'summary.json'));
    assert.equal(rows.map((r: { seed: number }) => r.seed), [0, 1]);
    for (const r of rows) {
      assert.is(r.frames, 1200);
      for (const k of ['eval_mean_return_eps005', 'eval_mean_return_greedy', 'best_eval_mean_return_eps005']) assert.ok(r[k] > 0, `${k}: ${r[k]}`);
      assert.ok(existsSync(join(r.run, 'best')), 'the classic preset keeps the best network');
    }
    assert.ok(readFileSync(join(out, 'dqn-cartpole.svg'), 'utf8').startsWith('<svg'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

Scripts('dqn-minatar.ts runs the seeds in turn, reports each game over its seeds, and --also adds a variant with its frames-to-reach', async () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-dqn-minatar-'));
  try {
    const plain = await script('experiments/dqn-minatar.ts', ['--games', 'breakout', '--seeds', '0,1', '--frames', '300', '--out', join(out, 'plain')]);
    assert.is(plain.code, 0, plain.stderr);
    assert.is(readdirSync(join(out, 'plain')).filter((d) => d.startsWith('MinAtar-')).length, 2);
    const variant = await script('experiments/dqn-minatar.ts', ['--games', 'breakout', '--seeds', '0', '--frames', '300', '--double', '--dueling', '--n-step', '3', '--out', join(out, 'ddn')]);
    assert.is(variant.code, 0, variant.stderr);
    const report = await script('experiments/dqn-minatar.ts', ['--report-only', '--out', join(out, 'plain'), '--also', join(out, 'ddn')]);
    assert.is(report.code, 0, report.stderr);
    const rows = readJson(join(out, 'plain', 'summary.json'));
    // Rows in the order of their run folders' paths (here the variant's folder sorts first).
    assert.equal(rows.map((r: { game: string; variant: string; seed: number; frames: number; finished: boolean }) => [r.game, r.variant, r.seed, r.frames, r.finished]), [
      ['breakout', 'double+dueling+3-step', 0, 300, true],
      ['breakout', 'dqn', 0, 300, true], ['breakout', 'dqn', 1, 300, true],
    ]);
    for (const r of rows) assert.ok(r.seconds >= 0 && r.seconds <= r.wall_seconds, JSON.stringify(r));
    const overSeeds = readJson(join(out, 'plain', 'over-seeds.json'));
    const breakout = overSeeds.find((r: { game: string; variant: string }) => r.game === 'breakout' && r.variant === 'dqn');
    assert.equal(breakout.seeds, [0, 1]);
    const finals = rows.filter((r: { game: string; variant: string }) => r.game === 'breakout' && r.variant === 'dqn').map((r: { mean_return_last100: number }) => r.mean_return_last100);
    assert.ok(Math.abs(breakout.mean_return_last100 - (finals[0] + finals[1]) / 2) < 0.01, JSON.stringify([breakout, finals]));
    assert.ok(Math.abs(breakout.std_return_last100 - Math.abs(finals[0] - finals[1]) / Math.SQRT2) < 0.01);
    const reach = readJson(join(out, 'plain', 'frames-to-reach.json'));
    assert.ok(reach.some((r: { game: string; variant: string }) => r.game === 'breakout' && r.variant === 'double+dueling+3-step'));
    assert.ok(readFileSync(join(out, 'plain', 'dqn-minatar.svg'), 'utf8').startsWith('<svg'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

Scripts.run();
