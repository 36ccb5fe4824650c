import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { averagePrecision, meanAveragePrecision, type Detection, type GroundTruth } from '../../../packages/vision/src/detect/voc-map';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

const AveragePrecision = suite('averagePrecision');

AveragePrecision('the area under the monotone precision envelope (hand-computed)', () => {
  // TP, FP, TP with 2 positives: recall .5 .5 1, precision 1 .5 2/3 → envelope 1, 2/3, 2/3 → .5·1 + .5·2/3.
  close(averagePrecision([0.5, 0.5, 1], [1, 0.5, 2 / 3]), 0.5 + 1 / 3);
  close(averagePrecision([], []), 0);
  close(averagePrecision([1], [1]), 1);
});

const MeanAveragePrecision = suite('meanAveragePrecision');

const truths: GroundTruth[] = [
  { imageId: 1, categoryId: 1, bbox: [0, 0, 10, 10] },
  { imageId: 1, categoryId: 2, bbox: [20, 20, 10, 10] },
  { imageId: 2, categoryId: 1, bbox: [5, 5, 10, 10] },
];

MeanAveragePrecision('perfect detections score 1', () => {
  const detections = truths.map((t) => ({ ...t, score: 0.9 }));
  const m = meanAveragePrecision(detections, truths);
  close(m.map, 1);
});

MeanAveragePrecision('a duplicate is a false positive, a miss lowers recall, a wrong class and a bad box count as false positives', () => {
  const detections: Detection[] = [
    { imageId: 1, categoryId: 1, score: 0.9, bbox: [0, 0, 10, 10] }, // TP
    { imageId: 1, categoryId: 1, score: 0.8, bbox: [1, 0, 10, 10] }, // duplicate: FP
    { imageId: 2, categoryId: 1, score: 0.7, bbox: [5, 5, 10, 10] }, // TP
    { imageId: 1, categoryId: 2, score: 0.6, bbox: [0, 0, 10, 10] }, // class 2 at the class-1 box: IoU 0, FP
    { imageId: 2, categoryId: 2, score: 0.5, bbox: [20, 20, 10, 10] }, // class 2 in an image without one: FP
  ];
  const m = meanAveragePrecision(detections, truths);
  // Class 1: TP, FP, TP → recall .5 .5 1, precision 1 .5 2/3 → AP = .5 + .5·2/3. Class 2: no TP → 0.
  close(m.perClass.get(1)!, 0.5 + 1 / 3);
  close(m.perClass.get(2)!, 0);
  close(m.map, (0.5 + 1 / 3) / 2);
});

MeanAveragePrecision('IoU exactly at the threshold counts; just below does not', () => {
  // [0,0,10,10] vs [0,0,10,20]: IoU 0.5.
  const t: GroundTruth[] = [{ imageId: 1, categoryId: 3, bbox: [0, 0, 10, 20] }];
  close(meanAveragePrecision([{ imageId: 1, categoryId: 3, score: 1, bbox: [0, 0, 10, 10] }], t).map, 1);
  close(meanAveragePrecision([{ imageId: 1, categoryId: 3, score: 1, bbox: [0, 0, 10, 9.9] }], t).map, 0);
  // A low-score TP after a high-score FP: recall 0 then 1, precision 0 then 1/2 → AP 1/2.
  close(meanAveragePrecision([{ imageId: 1, categoryId: 3, score: 0.9, bbox: [50, 50, 5, 5] }, { imageId: 1, categoryId: 3, score: 0.1, bbox: [0, 0, 10, 20] }], t).map, 0.5);
});

AveragePrecision.run();
MeanAveragePrecision.run();
