import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { boxIou } from '../../../packages/vision/src/datasets/box';
import { generateMnistDetection, resolveMnistDetectionConfig, scaleDigit } from '../../../packages/vision/src/datasets/mnist-detection';

const GenerateMnistDetection = suite('generateMnistDetection');

GenerateMnistDetection('the same seed gives the same bytes and boxes, another seed other scenes', () => {
  const a = generateMnistDetection({ count: 10, seed: 5 });
  const b = generateMnistDetection({ count: 10, seed: 5 });
  const c = generateMnistDetection({ count: 10, seed: 6 });
  assert.equal(a.images, b.images);
  assert.equal(a.objects, b.objects);
  assert.not.equal(a.images, c.images);
  assert.is(a.images.length, 10 * 128 * 128);
});

GenerateMnistDetection('1–6 digits of 16–48 px, boxes inside the canvas, pairwise IoU < 0.25, ink inside the boxes', () => {
  const data = generateMnistDetection({ count: 40, seed: 1, split: 'test' });
  let total = 0;
  data.objects.forEach((objects, n) => {
    assert.ok(objects.length >= 1 && objects.length <= 6, `scene ${n}: ${objects.length}`);
    total += objects.length;
    objects.forEach((o, i) => {
      const [x, y, w, h] = o.bbox;
      assert.ok(x >= 0 && y >= 0 && x + w <= 128 && y + h <= 128, JSON.stringify(o.bbox));
      assert.ok(Math.max(w, h) <= 48 && Math.max(w, h) >= 6, `box side ${w}×${h}`);
      assert.ok(o.categoryId >= 1 && o.categoryId <= 10);
      for (const p of objects.slice(i + 1)) assert.ok(boxIou(o.bbox, p.bbox) < 0.25, `scene ${n}: IoU ${boxIou(o.bbox, p.bbox)}`);
    });
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 128; x++) {
        if (data.images[n * 128 * 128 + y * 128 + x] === 0) continue;
        assert.ok(objects.some(({ bbox: [bx, by, bw, bh] }) => x >= bx && x < bx + bw && y >= by && y < by + bh), `scene ${n}: ink at (${x}, ${y}) in no box`);
      }
    }
  });
  assert.ok(total / data.count > 2.5, `mean ${total / data.count} digits per scene`);
  assert.equal(data.categories.map((c) => c.name), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
});

GenerateMnistDetection('refuses bad config, naming the field', () => {
  assert.throws(() => resolveMnistDetectionConfig({ maxIou: 0 }), /generateMnistDetection expects maxIou to be a finite number > 0 and < 1, but received 0/);
  assert.throws(() => resolveMnistDetectionConfig({ maxSize: 10 }), /maxSize to be an integer ≥ 16, but received 10/);
  assert.throws(() => resolveMnistDetectionConfig({ size: 40 }), /size to be an integer ≥ 48/);
});

const ScaleDigit = suite('scaleDigit');

ScaleDigit('keeps a constant patch constant and a 28-px patch unchanged', () => {
  assert.ok(scaleDigit(new Float32Array(784).fill(0.5), 40).every((v) => v === 128));
  const patch = Float32Array.from({ length: 784 }, (_, i) => (i % 7) / 6);
  assert.equal(Array.from(scaleDigit(patch, 28)), Array.from(patch, (v) => Math.round(v * 255)));
});

const BoxIou = suite('boxIou');

BoxIou('hand-computed cases', () => {
  assert.is(boxIou([0, 0, 2, 2], [1, 1, 2, 2]), 1 / 7);
  assert.is(boxIou([0, 0, 2, 2], [0, 0, 2, 2]), 1);
  assert.is(boxIou([0, 0, 2, 2], [2, 0, 2, 2]), 0);
  assert.is(boxIou([0, 0, 4, 4], [1, 1, 2, 2]), 4 / 16);
});

GenerateMnistDetection.run();
ScaleDigit.run();
BoxIou.run();
