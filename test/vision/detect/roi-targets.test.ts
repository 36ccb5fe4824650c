import { SeededRng } from '@deeper/core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Box } from '../../../packages/vision/src/datasets/box';
import { encodeBox } from '../../../packages/vision/src/detect/box-coding';
import { sampleRois } from '../../../packages/vision/src/detect/roi-targets';

const SampleRois = suite('sampleRois');

const objects = [{ bbox: [10, 10, 20, 20] as Box, categoryId: 5 }, { bbox: [50, 50, 10, 20] as Box, categoryId: 2 }];
const classOf = (id: number) => (id === 5 ? 3 : 0);

SampleRois('foreground (IoU ≥ 0.5, ground truth included) takes its box\'s class and offsets; at most a quarter of the RoIs', () => {
  // Proposals: 12 near box 0 (IoU ≥ 0.5), 30 far away (background).
  const near: Box[] = Array.from({ length: 12 }, (_, i) => [10 + (i % 3), 10 + Math.floor(i / 3), 20, 20]);
  const far: Box[] = Array.from({ length: 30 }, (_, i) => [70 + (i % 5), 5 + i, 15, 15]);
  const t = sampleRois([...near, ...far], objects, classOf, new SeededRng(0));
  assert.is(t.rois.length, 32);
  const fg = Array.from(t.labels).filter((l) => l > 0).length;
  assert.is(fg, 8);
  t.rois.forEach((roi, k) => {
    const label = t.labels[k];
    const offsets = Array.from(t.offsets.subarray(k * 4, k * 4 + 4));
    if (label === 0) {
      assert.equal(offsets, [0, 0, 0, 0]);
      return;
    }
    const o = objects[label === 4 ? 0 : 1];
    assert.equal(offsets, Array.from(Float32Array.from(encodeBox(o.bbox, [roi[0] + roi[2] / 2, roi[1] + roi[3] / 2, roi[2], roi[3]]))));
  });
});

SampleRois('with no proposals the ground-truth boxes alone are the foreground, class by class', () => {
  const t = sampleRois([], objects, classOf, new SeededRng(0));
  assert.is(t.rois.length, 2);
  t.rois.forEach((roi, k) => assert.is(t.labels[k], roi === objects[0].bbox ? 4 : 1));
  assert.ok(t.rois.includes(objects[0].bbox) && t.rois.includes(objects[1].bbox));
  assert.equal(Array.from(t.offsets), [0, 0, 0, 0, 0, 0, 0, 0]);
});

SampleRois.run();
