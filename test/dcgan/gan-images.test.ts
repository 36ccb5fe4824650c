import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGanImages } from '../../packages/dcgan/src/gan-images';
import { imageGridPng } from '../../packages/dcgan/src/image-grid';
import { useAsyncReadsOnlyBackend } from '../helpers/async-reads-only-backend';

const LoadGanImages = suite('loadGanImages');
LoadGanImages.before(async () => {
  await tf.setBackend('cpu');
});

LoadGanImages('loads labelled MNIST digits in [-1, 1], resized and repeated to 3 channels on request', () => {
  const grey = loadGanImages({ dataset: 'mnist', limit: 20 });
  assert.equal([grey.count, grey.size, grey.channels, grey.images.length, grey.labels?.length], [20, 28, 1, 20 * 784, 20]);
  assert.is(Math.min(...grey.images), -1);
  assert.is(Math.max(...grey.images), 1);
  const rgb = loadGanImages({ dataset: 'mnist', limit: 4, size: 32, channels: 3 });
  assert.is(rgb.images.length, 4 * 32 * 32 * 3);
  assert.is(rgb.images[300 * 3], rgb.images[300 * 3 + 2]);
});

LoadGanImages('resizing agrees with tf.image.resizeBilinear (half-pixel centres) and needs no synchronous read', async () => {
  const at28 = loadGanImages({ dataset: 'mnist', limit: 6 });
  for (const size of [32, 64, 20]) {
    const ours = loadGanImages({ dataset: 'mnist', limit: 6, size });
    const theirs = tf.tidy(() => tf.image.resizeBilinear(tf.tensor4d(at28.images, [6, 28, 28, 1]), [size, size], false, true).dataSync());
    assert.is(ours.images.length, theirs.length);
    let worst = 0;
    for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(ours.images[i] - theirs[i]));
    assert.ok(worst < 1e-5, `size ${size}: largest difference ${worst}`);
  }
  await useAsyncReadsOnlyBackend();
  try {
    assert.is(loadGanImages({ dataset: 'mnist', limit: 2, size: 32, channels: 3 }).images.length, 2 * 32 * 32 * 3);
  } finally {
    await tf.setBackend('cpu');
  }
});

/** A PNG file of w×h pixels, grey (one value) or colour. */
function writePng(path: string, w: number, h: number, colour: boolean): void {
  // A 1-image "grid" with no gap is not what imageGridPng writes (it adds a border), so draw through it and accept the 1-pixel frame.
  const values = new Float32Array(w * h * (colour ? 3 : 1)).map((_, i) => (i % 7) / 3 - 1);
  writeFileSync(path, imageGridPng(values, 1, w, colour ? 3 : 1, 1));
}

LoadGanImages('reads a folder of PNGs sorted by name, resizing odd sizes with a notice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-images-'));
  try {
    writePng(join(dir, 'a.png'), 26, 26, true); // 28×28 with the frame
    writePng(join(dir, 'b.png'), 40, 40, true);
    writeFileSync(join(dir, 'notes.txt'), 'not an image');
    const notices: string[] = [];
    const data = loadGanImages({ dataset: 'dir', dir, size: 28, channels: 3, warn: (m) => notices.push(m) });
    assert.equal([data.count, data.size, data.channels, data.labels], [2, 28, 3, null]);
    assert.is(data.images.length, 2 * 28 * 28 * 3);
    assert.ok(data.images.every((v) => v >= -1 && v <= 1));
    assert.equal(notices, [`loadGanImages: resized 1 of 2 images in ${dir} to 28×28`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

LoadGanImages('refuses an empty folder, a folder mixing grey and colour, and unknown datasets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-images-'));
  try {
    assert.throws(() => loadGanImages({ dataset: 'dir', dir }), /loadGanImages expects a folder with at least one \.png file, but received .* with none/);
    writePng(join(dir, 'a.png'), 26, 26, false);
    writePng(join(dir, 'b.png'), 26, 26, true);
    assert.throws(() => loadGanImages({ dataset: 'dir', dir }), /images of one kind \(a\.png is grey\), but received "b\.png", which is colour/);
    assert.throws(() => loadGanImages({ dataset: 'cifar' as 'dir' }), /dataset to be one of "mnist", "fashion-mnist", "dir", but received "cifar"/);
    assert.throws(() => loadGanImages({ dataset: 'dir' }), /dir to be the folder of PNG files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

LoadGanImages.run();
