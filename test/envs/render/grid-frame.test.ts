import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gridFrame, gridFrameDefaults } from '../../../envs/src/render/grid-frame';
import { EnvOptionError } from '../../../envs/src/errors';
import type { Rgb } from '../../../envs/src/render/draw';

const G = suite('gridFrame');

const red: Rgb = [255, 0, 0], blue: Rgb = [0, 0, 255];

G('paints set cells in their channel colour, lowest channel on top, with grid lines', () => {
  // 2×3 grid, 2 channels: (0,0) ch0; (0,1) ch1; (1,2) both.
  const obs = new Uint8Array(2 * 3 * 2);
  obs[0] = 1;
  obs[(0 * 3 + 1) * 2 + 1] = 1;
  obs[(1 * 3 + 2) * 2] = 1;
  obs[(1 * 3 + 2) * 2 + 1] = 1;
  const f = gridFrame(obs, 2, 3, [red, blue], { cellSize: 4, gridWidth: 1, background: [0, 0, 0], grid: [9, 9, 9] });
  assert.is(f.width, 12);
  assert.is(f.height, 8);
  const px = (x: number, y: number) => [...f.data.subarray((y * 12 + x) * 3, (y * 12 + x) * 3 + 3)];
  assert.equal(px(2, 2), [255, 0, 0]);
  assert.equal(px(6, 2), [0, 0, 255]);
  assert.equal(px(10, 6), [255, 0, 0], 'channel 0 wins');
  assert.equal(px(2, 6), [0, 0, 0], 'empty cell');
  assert.equal(px(4, 2), [9, 9, 9], 'grid line at the cell edge');
  assert.equal(px(5, 0), [9, 9, 9]);
});

G('defaults to 20 px cells and refuses mismatched sizes', () => {
  assert.is(gridFrameDefaults.cellSize, 20);
  assert.is(gridFrame(new Uint8Array(4), 2, 2, [red]).width, 40);
  assert.throws(() => gridFrame(new Uint8Array(5), 2, 2, [red]), (e: Error) => e instanceof EnvOptionError && /2×2×1 = 4/.test(e.message));
  assert.throws(() => gridFrame(new Uint8Array(4), 2, 2, [red], { cellSize: 0 }), (e: Error) => e instanceof EnvOptionError);
});

G.run();

const P = suite('gridFrame priority');

P('a priority list decides which channel shows where several are set', () => {
  const obs = new Uint8Array([1, 1]);
  assert.equal([...gridFrame(obs, 1, 1, [red, blue], { cellSize: 2, gridWidth: 0 }).data.subarray(0, 3)], [255, 0, 0]);
  assert.equal([...gridFrame(obs, 1, 1, [red, blue], { cellSize: 2, gridWidth: 0, priority: [1, 0] }).data.subarray(0, 3)], [0, 0, 255]);
  assert.throws(() => gridFrame(obs, 1, 1, [red, blue], { priority: [1, 1] }), (e: Error) => e instanceof EnvOptionError && /priority/.test(e.message));
});

P.run();
