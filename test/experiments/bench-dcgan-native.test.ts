import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runDeeper } from '../helpers/run-deeper';
import { loadAddon } from '../../packages/core/src/backend/addon-kernels/load-addon';

const test = suite('deeper bench dcgan --native');

function benchDcgan(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DEEPER_NATIVE;
  return runDeeper(['bench', 'dcgan', '--json', ...args], { env });
}

test('--native both times each round with the native kernels off too, and their ratio per round', async () => {
  if (!loadAddon().ok) return; // no addon here: nothing to turn off
  const { code, stdout, stderr } = await benchDcgan(['--batches', '1', '--warmup', '0', '--batch-size', '4', '--threads', '1', '--rounds', '2', '--native', 'both']);
  assert.is(code, 0, stderr);
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  const find = (name: string, backend: string) => lines.find((l) => l.name === name && l.backend === backend);
  for (const key of ['train', 'sample']) {
    const on = find(`dcgan-${key}`, 'wasm');
    const off = find(`dcgan-${key}`, 'wasm, native off');
    const ratio = find(`dcgan-${key}-native-speedup`, 'wasm/wasm, native off');
    assert.ok(on.value > 0 && off.value > 0, JSON.stringify([on, off]));
    assert.is(ratio.perRound.length, 2);
    assert.ok(Math.abs(ratio.perRound[0] - on.perRound[0] / off.perRound[0]) <= 0.01 * ratio.perRound[0] + 0.01, JSON.stringify([ratio, on, off]));
  }
});

test('--native with another value is an error naming it', async () => {
  const { code, stderr } = await benchDcgan(['--native', 'sometimes']);
  assert.is.not(code, 0);
  assert.match(stderr, /--native to be both, but received "sometimes"/);
});

test.run();
