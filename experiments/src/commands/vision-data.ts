/**
 * `deeper vision data <m2nist|mnist-detection|shape-captions> --n N --seed S --out DIR`:
 * generates a seeded dataset in the standard on-disk format its `train` and `eval` commands
 * read (see @deeper/vision's data/ folder): N training scenes and `--test-n` (default N/5,
 * at least 1) test scenes. The test scenes use seed S + 1 (and, for the digit tasks, the
 * other half of the npm digits), so they are never copies of training scenes. Prints one
 * line per split; `--json` prints the counts as one JSON line.
 */
import type { Command } from 'commander';
import { ConfigError } from '@deeper/core';
import {
  generateM2nist, generateMnistDetection, generateShapeCaptions, writeCaptionFolder, writeCocoDetection, writeSegmentationFolder, type Split,
} from '@deeper/vision';
import { parseIntegerOption } from './envs-rollout';

export const visionDataKinds = ['m2nist', 'mnist-detection', 'shape-captions'] as const;
export type VisionDataKind = (typeof visionDataKinds)[number];

export interface VisionDataOptions { kind: VisionDataKind; n: number; testN: number; seed: number; out: string }

export interface VisionDataResult { kind: VisionDataKind; out: string; train: number; test: number; objects: { train: number; test: number } | null; seconds: number }

/** Generates and writes both splits; returns what was written. */
export function runVisionData(o: VisionDataOptions): VisionDataResult {
  const started = performance.now();
  const counts = { train: 0, test: 0 };
  const objects = { train: 0, test: 0 };
  for (const split of ['train', 'test'] as Split[]) {
    const count = split === 'train' ? o.n : o.testN;
    const seed = split === 'train' ? o.seed : o.seed + 1;
    if (o.kind === 'm2nist') writeSegmentationFolder(o.out, split, generateM2nist({ count, seed, split }));
    else if (o.kind === 'mnist-detection') {
      const data = generateMnistDetection({ count, seed, split });
      objects[split] = data.objects.reduce((a, s) => a + s.length, 0);
      writeCocoDetection(o.out, split, data);
    } else writeCaptionFolder(o.out, split, generateShapeCaptions({ count, seed, split }));
    counts[split] = count;
  }
  return { kind: o.kind, out: o.out, ...counts, objects: o.kind === 'mnist-detection' ? objects : null, seconds: (performance.now() - started) / 1000 };
}

export function register(vision: Command): void {
  vision
    .command('data')
    .description('generate a seeded dataset (m2nist, mnist-detection or shape-captions) in its standard on-disk format')
    .argument('<kind>', `one of ${visionDataKinds.join(', ')}`)
    .requiredOption('--out <dir>', 'folder to write (created; existing files of the same names are replaced)')
    .option('--n <count>', 'training scenes', '1000')
    .option('--test-n <count>', 'test scenes (default: n / 5, at least 1)')
    .option('--seed <n>', 'seed of the training scenes (test scenes use seed + 1)', '0')
    .option('--json', 'print the result as one JSON line')
    .action((kind: string, opts: Record<string, string | boolean | undefined>) => {
      const who = 'deeper vision data';
      if (!(visionDataKinds as readonly string[]).includes(kind)) throw new ConfigError(who, '<kind>', `one of ${visionDataKinds.join(', ')}`, kind);
      const n = parseIntegerOption(who, '--n', String(opts.n), 1);
      const result = runVisionData({
        kind: kind as VisionDataKind, n, out: String(opts.out),
        testN: opts.testN === undefined ? Math.max(1, Math.round(n / 5)) : parseIntegerOption(who, '--test-n', String(opts.testN), 1),
        seed: parseIntegerOption(who, '--seed', String(opts.seed), 0),
      });
      if (opts.json) console.log(JSON.stringify(result));
      else console.log(`${result.kind}: ${result.train} training and ${result.test} test scenes in ${result.out} (${result.seconds.toFixed(1)} s)`);
    });
}
