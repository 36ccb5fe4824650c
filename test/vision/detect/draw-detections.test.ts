import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { drawDetections } from '../../../packages/vision/src/detect/draw-detections';

const DrawDetections = suite('drawDetections');

const grey = (w: number, h: number, v: number) => ({ width: w, height: h, channels: 1 as const, data: new Uint8Array(w * h).fill(v) });
const pixel = (img: { width: number; data: Uint8Array }, x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3));

DrawDetections('a 2-px frame in the colour, the label above the box on a black strip, the rest of the image untouched', () => {
  const out = drawDetections(grey(60, 60, 100), [{ bbox: [10, 20, 30, 25], colour: [255, 0, 0], label: '7' }]);
  assert.equal([out.width, out.height, out.channels], [60, 60, 3]);
  for (const [x, y] of [[10, 20], [11, 21], [39, 44], [38, 30], [25, 20]]) assert.equal(pixel(out, x, y), [255, 0, 0], `frame at ${x},${y}`);
  assert.equal(pixel(out, 12, 22), [100, 100, 100]);
  assert.equal(pixel(out, 50, 50), [100, 100, 100]);
  // The strip spans rows 6…19; the glyph "7"'s top row is lit at (x0 + 2 … x0 + 7, 8…9).
  assert.equal(pixel(out, 10, 6), [0, 0, 0]);
  assert.equal(pixel(out, 12, 8), [255, 0, 0]);
  assert.equal(pixel(out, 17, 9), [255, 0, 0]);
  // Its second row lights only the right column: x0 + 6…7.
  assert.equal(pixel(out, 12, 10), [0, 0, 0]);
  assert.equal(pixel(out, 16, 10), [255, 0, 0]);
});

DrawDetections('a box at the top edge gets its label inside; boxes past the border are clipped; unknown characters draw as ?', () => {
  const out = drawDetections(grey(30, 30, 0), [{ bbox: [-5, 0, 50, 12], colour: [0, 255, 0], label: '#' }]);
  assert.equal(pixel(out, 0, 0), [0, 255, 0]);
  assert.equal(pixel(out, 29, 11), [0, 255, 0]);
  // '?' top row at y = 2 + 2 … 3, x = 2 … 7.
  assert.equal(pixel(out, 2, 4), [0, 255, 0]);
  assert.equal(pixel(out, 7, 5), [0, 255, 0]);
});

DrawDetections.run();
