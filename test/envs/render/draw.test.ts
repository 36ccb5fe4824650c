import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createFrame, fillRect, fillCircle, fillPolygon, drawLine } from '../../../envs/src/render/draw';
import type { RgbFrame } from '../../../envs/src/env';
import { EnvOptionError } from '../../../envs/src/errors';

const pixel = (f: RgbFrame, x: number, y: number) => Array.from(f.data.subarray((y * f.width + x) * 3, (y * f.width + x) * 3 + 3));
const count = (f: RgbFrame, color: number[]) => {
  let n = 0;
  for (let i = 0; i < f.data.length; i += 3) if (f.data[i] === color[0] && f.data[i + 1] === color[1] && f.data[i + 2] === color[2]) n++;
  return n;
};

const createFrameSuite = suite('createFrame');
createFrameSuite('makes a filled width × height × 3 frame and refuses bad sizes', () => {
  const f = createFrame(4, 3, [1, 2, 3]);
  assert.is(f.data.length, 36);
  assert.equal(pixel(f, 3, 2), [1, 2, 3]);
  assert.throws(() => createFrame(0, 3), (e: Error) => e instanceof EnvOptionError);
});

const fillRectSuite = suite('fillRect');
fillRectSuite('fills exactly w × h pixels and clips at the edges', () => {
  const f = createFrame(10, 10);
  fillRect(f, 2, 3, 4, 2, [255, 0, 0]);
  assert.is(count(f, [255, 0, 0]), 8);
  assert.equal(pixel(f, 2, 3), [255, 0, 0]);
  assert.equal(pixel(f, 6, 3), [255, 255, 255]);
  fillRect(f, 8, 8, 5, 5, [0, 255, 0]);
  assert.is(count(f, [0, 255, 0]), 4);
});

const fillCircleSuite = suite('fillCircle');
fillCircleSuite('fills about πr² pixels around the centre', () => {
  const f = createFrame(50, 50);
  fillCircle(f, 25, 25, 10, [0, 0, 255]);
  const n = count(f, [0, 0, 255]);
  assert.ok(Math.abs(n - Math.PI * 100) < 20, String(n));
  assert.equal(pixel(f, 25, 25), [0, 0, 255]);
  assert.equal(pixel(f, 25, 37), [255, 255, 255]);
});

const fillPolygonSuite = suite('fillPolygon');
fillPolygonSuite('fills a triangle of half the square either winding', () => {
  for (const points of [[[0, 0], [20, 0], [0, 20]], [[0, 0], [0, 20], [20, 0]]] as [number, number][][]) {
    const f = createFrame(20, 20);
    fillPolygon(f, points, [0, 0, 0]);
    const n = count(f, [0, 0, 0]);
    // Area 200; pixels whose centres lie on the diagonal count as inside: 210 = 20·21/2.
    assert.is(n, 210);
  }
});

const drawLineSuite = suite('drawLine');
drawLineSuite('draws a thick horizontal line as a thickness × length band', () => {
  const f = createFrame(20, 20);
  drawLine(f, 2, 10, 12, 10, [9, 9, 9], 4);
  assert.is(count(f, [9, 9, 9]), 40);
  assert.equal(pixel(f, 5, 8), [9, 9, 9]);
  assert.equal(pixel(f, 5, 12), [255, 255, 255]);
});

createFrameSuite.run();
fillRectSuite.run();
fillCircleSuite.run();
fillPolygonSuite.run();
drawLineSuite.run();
