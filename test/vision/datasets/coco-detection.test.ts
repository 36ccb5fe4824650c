import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readCocoDetection, writeCocoDetection } from '../../../packages/vision/src/datasets/coco-detection';
import { generateMnistDetection } from '../../../packages/vision/src/datasets/mnist-detection';

const root = mkdtempSync(join(tmpdir(), 'vision-coco-'));

const ReadCocoDetection = suite('readCocoDetection');

ReadCocoDetection('what writeCocoDetection writes reads back: images, boxes, categories', () => {
  const dir = join(root, 'ok');
  const data = generateMnistDetection({ count: 5, seed: 1 });
  writeCocoDetection(dir, 'train', data);
  const read = readCocoDetection(dir, 'train');
  assert.equal(read.images, data.images);
  assert.equal(read.objects, data.objects);
  assert.equal(read.categories, data.categories);
  assert.equal(read.fileNames, data.fileNames);
  const json = JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8'));
  assert.equal(Object.keys(json.images[0]).sort(), ['file_name', 'height', 'id', 'width']);
  assert.equal(Object.keys(json.annotations[0]).sort(), ['area', 'bbox', 'category_id', 'id', 'image_id', 'iscrowd']);
});

ReadCocoDetection('refuses a box outside its image and an unknown category, naming the file and the annotation', () => {
  const dir = join(root, 'bad');
  writeCocoDetection(dir, 'train', generateMnistDetection({ count: 2, seed: 1 }));
  const path = join(dir, 'train.json');
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const good = structuredClone(json);
  json.annotations[1].bbox = [120, 0, 20, 10];
  writeFileSync(path, JSON.stringify(json));
  assert.throws(() => readCocoDetection(dir, 'train'), (e: Error) => e.message.includes(path) && /annotations\[1\] \(id 2\)\) to hold a bbox inside its 128×128 image train-0000\d\.png, but received \[120,0,20,10\]/.test(e.message));
  const unknown = structuredClone(good);
  unknown.annotations[0].category_id = 42;
  writeFileSync(path, JSON.stringify(unknown));
  assert.throws(() => readCocoDetection(dir, 'train'), /annotations\[0\] \(id 1\)\) to hold a category_id among 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, but received 42/);
  const orphan = structuredClone(good);
  orphan.annotations[0].image_id = 99;
  writeFileSync(path, JSON.stringify(orphan));
  assert.throws(() => readCocoDetection(dir, 'train'), /an image_id listed in "images", but received 99/);
  assert.throws(() => readCocoDetection(dir, 'test'), /test\.json to hold COCO-style annotations, but received no such file/);
});

ReadCocoDetection.run();
rmSync(root, { recursive: true, force: true });
