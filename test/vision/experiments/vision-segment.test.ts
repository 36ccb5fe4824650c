import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import { runDeeperWasm } from '../../helpers/run-deeper';
import * as assert from 'uvu/assert';
import { runVisionData } from '../../../experiments/src/commands/vision-data';
import { runSegmentPredict, runSegmentTrain } from '../../../experiments/src/commands/vision-segment';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { readImagePng } from '../../../packages/vision/src/datasets/png-io';

await selectBackend('wasm', { quiet: true, threads: 1 });

const dir = mkdtempSync(join(tmpdir(), 'vision-segment-cmd-'));

const deeper = (args: string[]) => runDeeperWasm(args);

const Segment = suite('deeper vision segment');

Segment('train writes a run folder and ends with the metrics line; eval of the run prints the same metrics; predict writes a mask', async () => {
  const data = join(dir, 'm2nist');
  runVisionData({ kind: 'm2nist', n: 4, testN: 2, seed: 0, out: data });
  const run = join(dir, 'run');
  const trained = await deeper(['vision', 'segment', 'train', '--data', data, '--out', run, '--epochs', '1', '--batch-size', '2', '--json']);
  assert.is(trained.code, 0, trained.stderr);
  const metrics = JSON.parse(trained.stdout.trim().split('\n').pop()!);
  assert.equal(Object.keys(metrics), ['mean_iou', 'mean_iou_with_background', 'pixel_accuracy']);
  for (const file of ['config.json', 'metrics.jsonl', 'plots/training.svg', 'checkpoints/step-00000002/state.json']) assert.ok(existsSync(join(run, file)), file);
  assert.match(readFileSync(join(run, 'metrics.jsonl'), 'utf8'), /"type":"segmentation-eval"/);
  const evaluated = await deeper(['vision', 'segment', 'eval', '--run', run, '--data', data, '--json']);
  assert.is(evaluated.code, 0, evaluated.stderr);
  const again = JSON.parse(evaluated.stdout.trim().split('\n').pop()!);
  for (const key of Object.keys(metrics)) assert.ok(Math.abs(metrics[key] - again[key]) < 1e-6, `${key}: ${metrics[key]} vs ${again[key]}`);
  const maskPath = await runSegmentPredict(run, join(data, 'test', 'images', '00000.png'));
  assert.is(maskPath, join(data, 'test', 'images', '00000.mask.png'));
  assert.equal([readImagePng(maskPath).width, readImagePng(maskPath).channels], [84, 3]);
  let refused: unknown = null;
  try {
    await runSegmentTrain({ data, out: run, epochs: 1, seed: 0, batchSize: 2, learningRate: 1e-3, limit: null, resume: false, progressEvery: 1 });
  } catch (error) {
    refused = error;
  }
  assert.match(String(refused), /expects --out to be a new run folder \(or pass --resume to continue this one\)/);
  let wrongSize: unknown = null;
  try {
    await runSegmentPredict(run, join(data, 'classes.json'));
  } catch (error) {
    wrongSize = error;
  }
  assert.match(String(wrongSize), /classes\.json to hold a PNG image/);
});

Segment.run();
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
