/**
 * The loaders against the committed fixtures of test/classify/fixtures (their README says
 * what each holds): real Fashion-MNIST bytes in IDX, the same images as PNGs written by an
 * independent encoder in six colour types and bit depths, and colour images as CIFAR-10
 * binary records and as RGB PNGs. Each format is checked against another, so a loader that
 * misreads its format cannot agree with a test helper that miswrites it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ImageDataset } from '../../../packages/classify/src/datasets/image-dataset';
import { loadCifar10 } from '../../../packages/classify/src/datasets/load-cifar10';
import { loadFashionMnist } from '../../../packages/classify/src/datasets/load-fashion-mnist';
import { loadIdxDirectory } from '../../../packages/classify/src/datasets/load-idx-directory';
import { loadImageFolder } from '../../../packages/classify/src/datasets/load-image-folder';
import { datasetFormatOf, openDataset } from '../../../packages/classify/src/datasets/open-dataset';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const idxDir = join(fixtures, 'fashion-mnist-idx');
const greyDir = join(fixtures, 'image-folder-grey');
const cifarDir = join(fixtures, 'cifar10-bin');
const rgbDir = join(fixtures, 'image-folder-rgb');

/** Folder names of Fashion-MNIST's classes in label order, as make-fixtures.py writes them. */
const names = ['t-shirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle-boot'];
/** The first 30 training and 12 test labels of Fashion-MNIST. */
const trainLabels = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9, 5, 5, 7, 9, 1, 0, 6, 4, 3, 1, 4, 8, 4, 3, 0, 2, 4, 4];
const testLabels = [9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5];
/** Which of the first 24 training images make the CIFAR-10 fixture's training and test records, in order. */
const cifarTrain = [0, 1, 3, 5, 6, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const cifarTest = [2, 4, 7, 9, 10, 11, 12, 13];

const image = (data: ImageDataset, i: number) => {
  const size = data.height * data.width * (data.channels ?? 1);
  return data.images.subarray(i * size, (i + 1) * size);
};
/** The files a folder loader reads, in its order: class folders sorted, then files sorted. */
const filesOf = (root: string) => readdirSync(root).sort().flatMap((c) => readdirSync(join(root, c)).sort().map((f) => ({ cls: c, file: f })));
const indexOf = (file: string) => Number(/^train-(\d{4})-/.exec(file)![1]);

/** The 32×32 colour planes make-fixtures.py draws from a 28×28 image: red = the image inside a 2-pixel border, green = mirrored, blue = (8y + 4x + 25·label) mod 256. */
function expectedColour(grey: Float32Array, label: number): Float32Array {
  const out = new Float32Array(32 * 32 * 3);
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const inside = y >= 2 && y < 30 && x >= 2 && x < 30;
      const p = (y * 32 + x) * 3;
      out[p] = inside ? grey[(y - 2) * 28 + (x - 2)] : 0;
      out[p + 1] = inside ? grey[(y - 2) * 28 + (27 - (x - 2))] : 0;
      out[p + 2] = ((8 * y + 4 * x + 25 * label) % 256) / 255;
    }
  }
  return out;
}

const idxTrain = loadIdxDirectory({ dir: idxDir });

const Idx = suite('loadIdxDirectory on committed Fashion-MNIST bytes');
Idx('30 training and 12 test images of 28×28 with Fashion-MNIST\'s first labels', () => {
  const testSplit = loadIdxDirectory({ dir: idxDir, split: 'test' });
  assert.equal([idxTrain.count, idxTrain.height, idxTrain.width, testSplit.count], [30, 28, 28, 12]);
  assert.equal(Array.from(idxTrain.labels), trainLabels);
  assert.equal(Array.from(testSplit.labels), testLabels);
  // loadFashionMnist reads the same folder the same way, with the dataset's class names.
  const named = loadFashionMnist({ dir: idxDir, split: 'test' });
  assert.equal(Array.from(named.images), Array.from(testSplit.images));
  assert.is(named.classNames[9], 'Ankle boot');
  let max = 0;
  for (const v of idxTrain.images) max = Math.max(max, v);
  assert.is(max, 1);
});

const installed = existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz');
if (installed) {
  Idx('the fixture is the head of Debian\'s dataset-fashion-mnist, byte for byte', () => {
    const real = loadFashionMnist({ limit: 30 });
    assert.equal(Array.from(real.labels), trainLabels);
    assert.ok(real.images.every((v, i) => v === idxTrain.images[i]));
  });
}
Idx.run();

const Grey = suite('loadImageFolder on committed grey PNGs (six encodings)');
Grey('every encoding decodes to the IDX image of the same index; folders name the classes', () => {
  const data = loadImageFolder({ dir: greyDir });
  const files = filesOf(greyDir);
  assert.is(data.count, 30);
  assert.is(data.channels, 1); // grey, RGB with R = G = B, palette of greys: all one channel
  assert.equal(data.classNames, [...names].sort());
  const variants = new Set(files.map((f) => /^train-\d{4}-([a-z0-9-]+)\.png$/.exec(f.file)![1]));
  assert.equal([...variants].sort(), ['grey-alpha', 'grey16', 'grey8', 'palette', 'rgb', 'rgba']);
  files.forEach(({ cls, file }, i) => {
    const k = indexOf(file);
    assert.is(data.classNames[data.labels[i]], cls);
    assert.is(cls, names[trainLabels[k]], file);
    const got = image(data, i);
    const want = image(idxTrain, k);
    const worst = got.reduce((m, v, p) => Math.max(m, Math.abs(v - want[p])), 0);
    assert.is(worst, 0, `${cls}/${file} differs from IDX image ${k} by ${worst}`);
  });
});
Grey.run();

const Cifar = suite('loadCifar10 on committed binary batches');
Cifar('batches in order, planar RGB to channels last, class names from batches.meta.txt', () => {
  const train = loadCifar10({ dir: cifarDir });
  const testSplit = loadCifar10({ dir: cifarDir, split: 'test' });
  assert.equal([train.count, testSplit.count, train.height, train.width, train.channels], [16, 8, 32, 32, 3]);
  assert.equal(train.classNames, names);
  for (const [data, order] of [[train, cifarTrain], [testSplit, cifarTest]] as const) {
    order.forEach((k, i) => {
      assert.is(data.labels[i], trainLabels[k]);
      const want = expectedColour(image(idxTrain, k), trainLabels[k]);
      const got = image(data, i);
      assert.ok(got.every((v, p) => Math.abs(v - want[p]) < 1e-7), `record ${i} (image ${k})`);
    });
  }
});
Cifar.run();

const Rgb = suite('loadImageFolder on committed RGB PNGs (8- and 16-bit RGB, RGBA), train/ and test/');
Rgb('each PNG equals the CIFAR-10 record of the same image', () => {
  const cifar = { train: loadCifar10({ dir: cifarDir }), test: loadCifar10({ dir: cifarDir, split: 'test' }) };
  for (const split of ['train', 'test'] as const) {
    const data = loadImageFolder({ dir: rgbDir, split, classNames: names });
    const order = split === 'train' ? cifarTrain : cifarTest;
    assert.is(data.channels, 3);
    const files = filesOf(join(rgbDir, split));
    assert.is(data.count, order.length);
    files.forEach(({ cls, file }, i) => {
      const k = indexOf(file);
      assert.is(data.labels[i], trainLabels[k], file);
      const want = image(cifar[split], order.indexOf(k));
      const got = image(data, i);
      const worst = got.reduce((m, v, p) => Math.max(m, Math.abs(v - want[p])), 0);
      assert.is(worst, 0, `${split}/${cls}/${file} differs from CIFAR record ${order.indexOf(k)} by ${worst}`);
    });
  }
});
Rgb.run();

const Open = suite('openDataset on the committed fixtures');
Open('recognises each format and splits as the files say', () => {
  assert.equal([idxDir, greyDir, cifarDir, rgbDir].map(datasetFormatOf), ['idx', 'image-folder', 'cifar10', 'image-folder']);
  const idx = openDataset(idxDir);
  assert.equal([idx.train.count, idx.test.count], [30, 12]);
  const cifar = openDataset(cifarDir);
  assert.equal([cifar.train.count, cifar.test.count, cifar.classNames.length], [16, 8, 10]);
  // The RGB folder's own train/ and test/, the test images in the training images' class order.
  const rgb = openDataset(rgbDir);
  assert.equal([rgb.train.count, rgb.test.count, rgb.classNames.length], [16, 8, 10]);
  assert.equal(Array.from(rgb.test.labels).map((l) => rgb.classNames[l]), cifarTest.map((k) => names[trainLabels[k]]).sort());
  // No test split: a stratified 20 % of the 30 grey images is held out.
  const grey = openDataset(greyDir);
  assert.is(grey.train.count + grey.test.count, 30);
});
Open.run();
