import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { imageGridPng } from '../../packages/dcgan/src/image-grid';

const ImageGridPng = suite('imageGridPng');

ImageGridPng('lays out tiles with a 1-pixel gap; the same values give the same bytes', () => {
  const values = Float32Array.from({ length: 5 * 4 * 4 }, (_, i) => Math.sin(i));
  const a = imageGridPng(values, 5, 4, 1, 3);
  const b = imageGridPng(Float32Array.from(values), 5, 4, 1, 3);
  assert.ok(a.equals(b));
  assert.equal([a.readUInt32BE(16), a.readUInt32BE(20)], [3 * 5 + 1, 2 * 5 + 1]);
  values[1] = -values[1];
  assert.not.ok(imageGridPng(values, 5, 4, 1, 3).equals(a));
});

ImageGridPng('refuses a value count that does not match, naming both', () => {
  assert.throws(() => imageGridPng(new Float32Array(10), 2, 4, 1), /imageGridPng expects images to be 2·4·4·1 = 32 values, but received "10 values"/);
  assert.throws(() => imageGridPng(new Float32Array(32), 2, 4, 2), /channels to be 1 or 3/);
});

ImageGridPng.run();
