import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import { runDeeperWasm } from '../../helpers/run-deeper';
import * as assert from 'uvu/assert';
import { runVisionData } from '../../../experiments/src/commands/vision-data';
import { loadDetectRun, runDetectPredict } from '../../../experiments/src/commands/vision-detect';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { readCocoDetection } from '../../../packages/vision/src/datasets/coco-detection';
import { readImagePng } from '../../../packages/vision/src/datasets/png-io';
import { evaluateDetection } from '../../../packages/vision/src/detect/evaluate-detection';

await selectBackend('wasm', { quiet: true, threads: 1 });

const dir = mkdtempSync(join(tmpdir(), 'vision-detect-cmd-'));

const deeper = (args: string[]) => runDeeperWasm(args);

const Detect = suite('deeper vision detect');

Detect('train writes a run folder and ends with {"map50": …}; the run evaluates to the same figure; predict draws boxes', async () => {
  const data = join(dir, 'det');
  runVisionData({ kind: 'mnist-detection', n: 4, testN: 2, seed: 0, out: data });
  const run = join(dir, 'run');
  const trained = await deeper(['vision', 'detect', 'train', '--data', data, '--out', run, '--epochs', '1', '--batch-size', '2', '--json']);
  assert.is(trained.code, 0, trained.stderr);
  const metrics = JSON.parse(trained.stdout.trim().split('\n').pop()!);
  assert.equal(Object.keys(metrics), ['map50']);
  for (const file of ['config.json', 'metrics.jsonl', 'plots/training.svg', 'checkpoints/step-00000002/state.json']) assert.ok(existsSync(join(run, file)), file);
  assert.match(readFileSync(join(run, 'metrics.jsonl'), 'utf8'), /"type":"detection-eval"/);
  const { model, anchors } = await loadDetectRun(run);
  const again = evaluateDetection(model, anchors, readCocoDetection(data, 'test'));
  model.dispose();
  assert.ok(Math.abs(again.map50 - metrics.map50) < 1e-6, `${again.map50} vs ${metrics.map50}`);
  const predicted = await runDetectPredict(run, join(data, 'images', 'test-00000.png'), 0);
  assert.is(predicted.path, join(data, 'images', 'test-00000.boxes.png'));
  assert.equal([readImagePng(predicted.path).width, readImagePng(predicted.path).channels], [128, 3]);
  assert.ok(predicted.detections.every((d) => /^\d$/.test(d.name)));
});

Detect('--model faster-rcnn: trains, resumes to more epochs, evaluates to the same figure from the run, predicts; --model refuses a change on resume', async () => {
  const data = join(dir, 'det-frcnn');
  runVisionData({ kind: 'mnist-detection', n: 4, testN: 2, seed: 0, out: data });
  const run = join(dir, 'run-frcnn');
  const first = await deeper(['vision', 'detect', 'train', '--model', 'faster-rcnn', '--data', data, '--out', run, '--epochs', '1', '--batch-size', '2', '--json']);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stderr, /Faster R-CNN \(\d+ parameters, 2304 anchors\)/);
  assert.is(JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')).detector, 'faster-rcnn');
  const refused = await deeper(['vision', 'detect', 'train', '--model', 'ssd', '--data', data, '--out', run, '--resume', '--epochs', '2']);
  assert.is.not(refused.code, 0);
  assert.match(refused.stderr, /expects --model to be the run's own detector, faster-rcnn, or none/);
  const resumed = await deeper(['vision', 'detect', 'train', '--data', data, '--out', run, '--resume', '--epochs', '2', '--batch-size', '2', '--json']);
  assert.is(resumed.code, 0, resumed.stderr);
  assert.ok(existsSync(join(run, 'checkpoints/step-00000004/state.json')));
  const metrics = JSON.parse(resumed.stdout.trim().split('\n').pop()!);
  const loaded = await loadDetectRun(run);
  assert.is(loaded.detector, 'faster-rcnn');
  const again = loaded.evaluate(readCocoDetection(data, 'test'));
  loaded.model.dispose();
  assert.ok(Math.abs(again.map50 - metrics.map50) < 1e-6, `${again.map50} vs ${metrics.map50}`);
  const evaluated = await deeper(['vision', 'detect', 'eval', '--run', run, '--data', data, '--json']);
  assert.is(evaluated.code, 0, evaluated.stderr);
  assert.ok(Math.abs(JSON.parse(evaluated.stdout.trim().split('\n').pop()!).map50 - metrics.map50) < 1e-6);
  const predicted = await runDetectPredict(run, join(data, 'images', 'test-00001.png'), 0);
  assert.equal([readImagePng(predicted.path).width, readImagePng(predicted.path).channels], [128, 3]);
  assert.ok(predicted.detections.every((d) => /^\d$/.test(d.name)));
});

Detect.run();
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
