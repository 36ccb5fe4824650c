/**
 * The DCGAN experiment scripts end to end, in child processes on wasm with budgets of a few
 * steps on 64 Fashion-MNIST images: `experiments/dcgan-fashion-mnist.ts` (train, figures, score)
 * and `experiments/dcgan-fd-diagnostics.ts` (every section) on the run it wrote. The feature
 * classifier is a deepCnn fit for one step: the scripts need its features, not its accuracy.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runScript as script } from '../../helpers/run-script';
import * as tf from '@tensorflow/tfjs';
import { lastValueFrom } from 'rxjs';
import { fit } from '@deeper/core';
import { deepCnn } from '../../../packages/classify/src/deep-cnn';

const jsonLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

const Scripts = suite('DCGAN experiment scripts');
Scripts.before(async () => {
  await tf.setBackend('cpu');
});

Scripts('dcgan-fashion-mnist.ts trains, draws the figures and scores; dcgan-fd-diagnostics.ts prints every section for that run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-dcgan-scripts-'));
  try {
    const classifier = join(dir, 'classifier');
    await lastValueFrom(fit(deepCnn({ seed: 0 }), { x: new Float32Array(10 * 784).fill(0.5), y: Array.from({ length: 10 }, (_, k) => k), sampleShape: [28, 28, 1] },
      { epochs: 1, batchSize: 10, runDir: classifier }), { defaultValue: null });
    const run = join(dir, 'run');
    const figures = join(dir, 'figures');
    const trained = await script('experiments/dcgan-fashion-mnist.ts', [
      '--limit', '64', '--batch-size', '32', '--epochs', '1', '--base-filters', '4', '--n', '20', '--seeds', '2', '--conditioning', 'projection',
      '--discriminator-normalization', 'spectral', '--classifier', classifier, '--out', run, '--figures', figures,
    ]);
    assert.is(trained.code, 0, trained.stderr);
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    assert.equal([config.limit, config.train.batchSize, config.model.discriminatorNormalization], [64, 32, 'spectral']);
    for (const figure of ['fashion-samples.png', 'fashion-interpolation.png', 'fashion-losses.svg']) assert.ok(existsSync(join(figures, figure)), figure);
    const score = jsonLines(trained.stdout).at(-1)!;
    assert.ok((score.fd as number) > 0 && (score.fd_real_floor as number) > 0, JSON.stringify(score));
    assert.is((score.class_fractions as number[]).length, 10);
    assert.equal(score.seeds, [0, 1]);

    const diagnostics = await script('experiments/dcgan-fd-diagnostics.ts', [
      '--run', run, '--n', '20', '--steps', '2', '--average', '2:2', '--ema', '--classifier', classifier, '--sections', 'real,generated,pixels,floor,average', '--train-images', '100', '--seeds', '2',
    ]);
    assert.is(diagnostics.code, 0, diagnostics.stderr);
    const lines = jsonLines(diagnostics.stdout);
    const sections = new Set(lines.map((l) => l.section));
    assert.equal([...sections].sort(), ['average', 'floor', 'generated', 'pixels', 'real']);
    const pixels = lines.filter((l) => l.section === 'pixels');
    // Real Fashion-MNIST images are half black; every band's fractions add up to 1.
    const realBands = pixels[0].dark_bands as number[];
    assert.ok(realBands[0] > 0.3, `black fraction ${realBands[0]}`);
    for (const line of pixels) assert.ok(Math.abs((line.dark_bands as number[]).reduce((a, b) => a + b, 0) - 1) < 1e-3);
    // Five sets of 20 among the 100 training images (ten pairs); two latent seeds against all 100.
    const [perSet, others, pairs, all, generatedFloor] = lines.filter((l) => l.section === 'floor');
    const positive = (values: unknown, length: number, what: string) => {
      assert.is((values as number[]).length, length, what);
      for (const v of values as number[]) assert.ok(Number.isFinite(v) && v > 0, `${what}: ${v}`);
    };
    positive(perSet.fd_by_set, 5, 'floor of each set');
    positive(others.fd_by_set, 5, 'each set against the other 80');
    assert.is(others.reference, 80);
    positive(pairs.fd_by_pair, 10, 'each pair of sets');
    positive([all.fd], 1, 'test images against all 100');
    positive(generatedFloor.fd_by_seed, 2, 'generated against all 100');
    // The section's sets are gan score's references: the same sets of 20, the same classifier, the same floors.
    (score.fd_real_floor_by_reference as number[]).slice(0, 5).forEach((f, k) => {
      const d = (perSet.fd_by_set as number[])[k];
      assert.ok(Math.abs(f - d) <= 1e-4 + 1e-3 * f, `set ${k}: gan score ${f}, diagnostics ${d}`);
    });
    const badSeeds = await script('experiments/dcgan-fd-diagnostics.ts', ['--run', run, '--n', '20', '--sections', 'floor', '--seeds', '0', '--classifier', classifier]);
    assert.match(badSeeds.stderr, /dcgan-fd-diagnostics expects --seeds to be a positive integer, but received "0"/);
    const generated = pixels[1];
    for (const key of ['fd', 'fd_8bit', 'fd_black_below_2', 'fd_black_below_5']) assert.ok(Number.isFinite(generated[key]) && (generated[key] as number) >= 0, `${key}: ${generated[key]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Scripts.run();
