import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { generateM2nist, inkBox, resolveM2nistConfig } from '../../../packages/vision/src/datasets/m2nist';

const GenerateM2nist = suite('generateM2nist');

GenerateM2nist('the same seed gives the same bytes, another seed other scenes', () => {
  const a = generateM2nist({ count: 20, seed: 3 });
  const b = generateM2nist({ count: 20, seed: 3 });
  const c = generateM2nist({ count: 20, seed: 4 });
  assert.equal(a.images, b.images);
  assert.equal(a.masks, b.masks);
  assert.not.equal(a.images, c.images);
  assert.is(a.images.length, 20 * 64 * 84);
  assert.equal(a.classNames, ['background', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
});

GenerateM2nist('1–3 digits per scene, inside the canvas, never overlapping; masks match the digits they cover', () => {
  const data = generateM2nist({ count: 60, seed: 1 });
  const { height, width } = data;
  let digits = 0;
  for (let n = 0; n < data.count; n++) {
    const layout = data.layouts[n];
    assert.ok(layout.length >= 1 && layout.length <= 3, `scene ${n} has ${layout.length} digits`);
    digits += layout.length;
    for (const [i, a] of layout.entries()) {
      assert.ok(a.box.top >= 0 && a.box.left >= 0 && a.box.bottom < height && a.box.right < width);
      for (const b of layout.slice(i + 1)) {
        const overlap = a.box.left <= b.box.right && b.box.left <= a.box.right && a.box.top <= b.box.bottom && b.box.top <= a.box.bottom;
        assert.not.ok(overlap, `scene ${n}: boxes ${JSON.stringify(a.box)} and ${JSON.stringify(b.box)} overlap`);
      }
    }
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = n * height * width + y * width + x;
        const owner = layout.find((d) => y >= d.box.top && y <= d.box.bottom && x >= d.box.left && x <= d.box.right);
        const value = data.images[at];
        const label = data.masks[at];
        if (owner === undefined) {
          assert.is(value, 0, 'ink outside every digit box');
          assert.is(label, 0, 'a label outside every digit box');
        } else {
          // The mask marks exactly the pixels with ink ≥ 0.5 (≥ 128 once rounded to 8 bits), with the box's digit.
          assert.is(label, value >= 128 ? owner.label : 0);
        }
      }
    }
  }
  assert.ok(digits / data.count > 1.7, `mean digits per scene ${digits / data.count}`);
});

GenerateM2nist('refuses bad config, naming the field', () => {
  assert.throws(() => resolveM2nistConfig({ count: 0 }), /generateM2nist expects count to be a positive integer, but received 0/);
  assert.throws(() => resolveM2nistConfig({ minDigits: 4 }), /minDigits to be at most maxDigits \(3\), but received 4/);
  assert.throws(() => resolveM2nistConfig({ split: 'val' as 'train' }), /split to be one of "train", "test", but received "val"/);
  assert.throws(() => resolveM2nistConfig({ height: 20 }), /height to be an integer ≥ 28/);
});

const InkBox = suite('inkBox');

InkBox('the bounding box of the non-zero pixels, or null for a blank patch', () => {
  const patch = new Float32Array(16);
  assert.is(inkBox(patch, 4), null);
  patch[1 * 4 + 2] = 0.1;
  patch[3 * 4 + 1] = 1;
  assert.equal(inkBox(patch, 4), { top: 1, left: 1, bottom: 3, right: 2 });
});

GenerateM2nist.run();
InkBox.run();
