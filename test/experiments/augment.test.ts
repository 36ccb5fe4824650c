import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { augmentGrid, register } from '../../experiments/src/commands/augment';
import { decodePng } from '../../envs/src/render/png';

await tf.setBackend('cpu');
const dir = mkdtempSync(join(tmpdir(), 'deeper-augment-'));

/** The grey values of the cell at (row, column) of a grid drawn at scale 1 with 28×28 images. */
function cell(frame: { width: number; data: Uint8Array }, row: number, column: number): number[] {
  const x0 = 2 + column * 30 + (column > 0 ? 6 : 0); // gap 2, cell 28, original set off by 8
  const y0 = 2 + row * 30;
  const out: number[] = [];
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) out.push(frame.data[((y0 + y) * frame.width + x0 + x) * 3]);
  return out;
}

const test = suite('augmentGrid');

test('writes a grid of originals beside augmented copies of the right size', async () => {
  const out = join(dir, 'grid.png');
  const before = tf.memory().numTensors;
  const result = await augmentGrid({ dataset: 'mnist', out, count: 3, copies: 2, scale: 1 });
  assert.is(tf.memory().numTensors, before);
  const frame = decodePng(readFileSync(out));
  // width: 2 + 28 (original) + 8 + 28 + 2 + 28 + 2 = 98; height: 2 + 3 · (28 + 2) = 92
  assert.is(frame.width, 98);
  assert.is(frame.height, 92);
  assert.equal([result.width, result.height, result.rows, result.columns], [98, 92, 3, 3]);
  for (let row = 0; row < 3; row++) {
    const original = cell(frame, row, 0);
    assert.ok(original.some((v) => v > 200), `row ${row}: the original digit shows`);
    for (let column = 1; column < 3; column++) {
      assert.not.equal(cell(frame, row, column), original, `row ${row}, column ${column} equals the original`);
    }
  }
});

test('the same seed draws the same picture; no ops copies the originals', async () => {
  const a = join(dir, 'a.png');
  const b = join(dir, 'b.png');
  await augmentGrid({ dataset: 'mnist', out: a, count: 2, copies: 2, seed: 5 });
  await augmentGrid({ dataset: 'mnist', out: b, count: 2, copies: 2, seed: 5 });
  assert.ok(readFileSync(a).equals(readFileSync(b)));
  const plain = join(dir, 'plain.png');
  await augmentGrid({ dataset: 'mnist', out: plain, count: 2, copies: 1, ops: [], scale: 1 });
  const frame = decodePng(readFileSync(plain));
  assert.equal(cell(frame, 1, 1), cell(frame, 1, 0));
});

test('refuses unknown ops and datasets', async () => {
  try {
    await augmentGrid({ dataset: 'cifar' as never, out: join(dir, 'x.png') });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.match((error as Error).message, /"mnist", "fashion-mnist"/);
  }
  try {
    await augmentGrid({ dataset: 'mnist', out: join(dir, 'x.png'), ops: ['blur' as never] });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.match((error as Error).message, /ops.*"rotate"/);
  }
});

const cli = suite('deeper augment');

cli('parses its options and writes the PNG on the cpu backend', async () => {
  const requireFromExperiments = createRequire(new URL('../../experiments/package.json', import.meta.url));
  type CommandType = Parameters<typeof register>[0];
  const { Command, Option } = requireFromExperiments('commander') as {
    Command: new (name: string) => CommandType; Option: new (flags: string) => { default(v: string): unknown };
  };
  const program = new Command('deeper').exitOverride();
  program.addOption(new Option('--backend <name>').default('auto') as never);
  register(program);
  const out = join(dir, 'cli.png');
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...parts: unknown[]) => lines.push(parts.join(' '));
  console.error = () => {};
  try {
    await program.parseAsync(['node', 'deeper', '--backend', 'cpu', 'augment', '--dataset', 'mnist', '--out', out, '--count', '2', '--copies', '1', '--ops', 'flip,brightness', '--scale', '2']);
  } finally {
    console.log = log;
    console.error = error;
  }
  const frame = decodePng(readFileSync(out));
  // scale 2: cells of 56; width 2 + 56 + 8 + 56 + 2 = 124, height 2 + 2 · 58 = 118
  assert.equal([frame.width, frame.height], [124, 118]);
  assert.match(lines.join('\n'), /wrote .*cli\.png \(124×118 px\).*flip, brightness.*cpu backend/);
});

cli.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
cli.run();
