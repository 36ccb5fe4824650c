import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createRunFolder, openRunFolder, runId } from '../../../packages/core/src/train/run-folder';

const RunId = suite('runId');

RunId('is task__expName__seed__unixSeconds, with path characters replaced', () => {
  assert.is(runId('mnist', 'deep-cnn', 3, new Date(1_700_000_000_500)), 'mnist__deep-cnn__3__1700000000');
  assert.is(runId('MinAtar/Breakout-v1', 'dqn', 0, new Date(0)), 'MinAtar-Breakout-v1__dqn__0__0');
  assert.throws(() => runId('', 'x', 0), /task/);
});

RunId.run();

const Create = suite('createRunFolder');

Create('creates the layout with config.json first, and never reuses a folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'deeper-runs-'));
  try {
    const at = new Date(1_000_000);
    const a = createRunFolder({ root, task: 'mnist', expName: 'demo', seed: 1, config: { epochs: 2 }, startedAt: at });
    assert.is(a.id, 'mnist__demo__1__1000');
    assert.equal(JSON.parse(readFileSync(a.configPath, 'utf8')), { runId: a.id, epochs: 2 });
    for (const p of [a.plotsDir, a.checkpointsDir, a.samplesDir]) assert.ok(existsSync(p));
    assert.is(a.metricsPath, join(root, a.id, 'metrics.jsonl'));
    const b = createRunFolder({ root, task: 'mnist', expName: 'demo', seed: 1, startedAt: at });
    assert.is(b.id, 'mnist__demo__1__1000-2');
    const opened = openRunFolder(a.dir);
    assert.is(opened.id, a.id);
    assert.equal(opened.config, { runId: a.id, epochs: 2 });
    assert.throws(() => openRunFolder(root), /config\.json.*not a run folder/);
    assert.throws(() => createRunFolder({ seed: -1, root }), /seed/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Create.run();
