import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runVisionData } from '../../../experiments/src/commands/vision-data';
import { readCaptionFile } from '../../../packages/vision/src/datasets/caption-file';
import { readCocoDetection } from '../../../packages/vision/src/datasets/coco-detection';
import { readSegmentationFolder } from '../../../packages/vision/src/datasets/segmentation-folder';

const root = mkdtempSync(join(tmpdir(), 'vision-data-cmd-'));

const RunVisionData = suite('runVisionData');

RunVisionData('writes each kind in its format, n training and testN test scenes, and the same seed writes the same bytes', () => {
  for (const kind of ['m2nist', 'mnist-detection', 'shape-captions'] as const) {
    const a = join(root, `${kind}-a`);
    const b = join(root, `${kind}-b`);
    const result = runVisionData({ kind, n: 6, testN: 2, seed: 9, out: a });
    runVisionData({ kind, n: 6, testN: 2, seed: 9, out: b });
    assert.equal([result.train, result.test], [6, 2]);
    if (kind === 'm2nist') {
      assert.is(readSegmentationFolder(a, 'train').count, 6);
      assert.is(readSegmentationFolder(a, 'test').count, 2);
      assert.equal(readSegmentationFolder(a, 'train').masks, readSegmentationFolder(b, 'train').masks);
    } else if (kind === 'mnist-detection') {
      assert.is(readCocoDetection(a, 'test').count, 2);
      assert.equal(readCocoDetection(a, 'train'), readCocoDetection(b, 'train'));
      assert.is(result.objects!.train, readCocoDetection(a, 'train').objects.flat().length);
    } else {
      assert.is(readCaptionFile(a, 'train').length, 6);
      assert.is(readCaptionFile(a, 'test').length, 2);
    }
    const files = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.png')).sort();
    assert.equal(files(a), files(b));
    for (const f of files(a)) assert.equal(readFileSync(join(a, f)), readFileSync(join(b, f)), f);
  }
});

RunVisionData.run();
rmSync(root, { recursive: true, force: true });
