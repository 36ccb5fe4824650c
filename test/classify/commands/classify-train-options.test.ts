import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = new URL('../../..', import.meta.url).pathname;

const Options = suite('deeper classify train: command-line options');

Options('--augment default records the dataset\'s defaults, --augment none none, a list that list', () => {
  const out = mkdtempSync(join(tmpdir(), 'deeper-classify-options-'));
  try {
    const recorded = (augment: string) => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'experiments/src/main.ts', 'classify', 'train', '--model', 'mlp', '--dataset', 'mnist', '--limit', '20',
        '--test-limit', '10', '--val-fraction', '0', '--epochs', '1', '--batch-size', '10', '--augment', augment, '--out', join(out, augment)],
      { cwd: root, encoding: 'utf8', env: { ...process.env, DEEPER_WASM_THREADS: '1' } });
      assert.is(run.status, 0, run.stderr);
      const [runDir] = readdirSync(join(out, augment));
      return (JSON.parse(readFileSync(join(out, augment, runDir, 'config.json'), 'utf8')) as { augment: string[]; train: { augment: string[] | null } });
    };
    const byDefault = recorded('default');
    assert.equal(byDefault.augment, ['rotate', 'translate'], 'digits: rotations and shifts, no flips');
    assert.is(byDefault.train.augment, null);
    assert.equal(recorded('none').augment, []);
    assert.equal(recorded('flip,crop,crop:1').augment, ['flip', 'crop', 'crop:1']);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

Options.run();
