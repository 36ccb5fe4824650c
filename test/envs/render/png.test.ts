import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, decodePng, writePng, checkFrame } from '../../../envs/src/render/png';
import { EnvOptionError } from '../../../envs/src/errors';

const frame = { width: 3, height: 2, data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]) };

const E = suite('encodePng');

E('writes a PNG signature and round-trips every pixel', () => {
  const bytes = encodePng(frame);
  assert.equal([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  const back = decodePng(bytes);
  assert.is(back.width, 3);
  assert.is(back.height, 2);
  assert.equal([...back.data], [...frame.data]);
});

E.run();

const W = suite('writePng');

W('writes a file that decodes to the frame', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-png-'));
  try {
    const path = join(dir, 'x', 'f.png');
    writePng(path, frame);
    assert.equal([...decodePng(readFileSync(path)).data], [...frame.data]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

W.run();

const C = suite('checkFrame');

C('refuses frames whose data does not match width × height × 3', () => {
  assert.throws(() => checkFrame('t', { width: 2, height: 2, data: new Uint8Array(11) }), (e: Error) => e instanceof EnvOptionError && /t expects an RgbFrame/.test(e.message));
  assert.throws(() => encodePng({ width: 0, height: 2, data: new Uint8Array(0) }), (e: Error) => e instanceof EnvOptionError);
  assert.is(checkFrame('t', frame), frame);
});

C.run();
