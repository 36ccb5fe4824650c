import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../experiments/src/cli';

const GanCommands = suite('deeper gan train | sample | interpolate');
GanCommands.before(async () => {
  await tf.setBackend('cpu');
});

const deeper = (...args: string[]) => buildProgram().exitOverride().configureOutput({ writeErr: () => {} }).parseAsync(['node', 'deeper', '--backend', 'cpu', ...args]);

GanCommands('trains a tiny run, then samples the same bytes for the same seed and a different grid for another', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-commands-'));
  const run = join(dir, 'run');
  const quiet = console.error;
  console.error = () => {};
  try {
    await deeper('gan', 'train', '--dataset', 'mnist', '--limit', '16', '--epochs', '1', '--batch-size', '8', '--base-filters', '4', '--conditional', '--out', run);
    const sample = async (seed: string, out: string, ...more: string[]) => {
      await deeper('gan', 'sample', '--run', run, '--n', '10', '--seed', seed, '--out', join(dir, out), ...more);
      return readFileSync(join(dir, out));
    };
    const [a, b, c] = [await sample('5', 'a.png'), await sample('5', 'b.png'), await sample('6', 'c.png')];
    assert.ok(a.equals(b), 'same seed, same bytes');
    assert.not.ok(a.equals(c), 'another seed, another grid');
    assert.not.ok((await sample('5', 'd.png', '--class', '3')).equals(a), '--class changes the images');
    await deeper('gan', 'interpolate', '--run', run, '--steps', '6', '--rows', '2', '--seed', '1', '--out', join(dir, 'strip.png'));
    const strip = readFileSync(join(dir, 'strip.png'));
    assert.equal([strip.readUInt32BE(16), strip.readUInt32BE(20)], [6 * 29 + 1, 2 * 29 + 1]);
    // Bad input is refused by name.
    const error = async (...args: string[]) => deeper(...args).then(() => '', (e: Error) => e.message);
    assert.match(await error('gan', 'sample', '--run', run, '--n', '0', '--out', join(dir, 'x.png')), /--n to be a positive integer, but received "0"/);
    assert.match(await error('gan', 'sample', '--run', run, '--class', '10', '--out', join(dir, 'x.png')), /--class to be an integer in \[0, 9\], but received "10"/);
    assert.match(await error('gan', 'train', '--dataset', 'cifar', '--out', run), /--dataset to be one of mnist, fashion-mnist, dir, but received "cifar"/);
    assert.match(await error('gan', 'train', '--dataset', 'mnist', '--limit', '16', '--epochs', '1', '--batch-size', '4', '--base-filters', '4', '--conditional', '--out', run), /received train .* where it has/);
    assert.match(await error('gan', 'sample', '--run', dir, '--out', join(dir, 'x.png')), /expects --run to be a run folder written by `deeper gan train`/);
  } finally {
    console.error = quiet;
    rmSync(dir, { recursive: true, force: true });
  }
});

GanCommands.run();
