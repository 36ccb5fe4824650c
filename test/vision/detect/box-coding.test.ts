import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeBox, encodeBox } from '../../../packages/vision/src/detect/box-coding';

const EncodeBox = suite('encodeBox');

EncodeBox('hand-computed targets with the variances 0.1 and 0.2, and decodeBox inverts them', () => {
  // Anchor centred (10, 10), 8 × 16; box [8, 4, 8, 32]: centre (12, 20), same width, twice the height.
  const t = encodeBox([8, 4, 8, 32], [10, 10, 8, 16]);
  const expected = [2 / (8 * 0.1), 10 / (16 * 0.1), 0, Math.log(2) / 0.2];
  t.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `${i}: ${v}`));
  const back = decodeBox(t, [10, 10, 8, 16]);
  back.forEach((v, i) => assert.ok(Math.abs(v - [8, 4, 8, 32][i]) < 1e-9));
  assert.equal(encodeBox([6, 2, 8, 16], [10, 10, 8, 16]), [0, 0, 0, 0]);
});

EncodeBox.run();
