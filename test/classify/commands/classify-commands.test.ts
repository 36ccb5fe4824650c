/**
 * The `deeper classify` commands end to end on a tiny PNG class-folder dataset written here:
 * train → run folder, eval (fp16 too), export --fp16 → loadModel, predict on PNG files,
 * ensemble, resume. (The command sources live in experiments/src/commands/classify-*.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rejects } from '../../helpers/rejects';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { loadModel } from '../../../packages/core/src/io/save-model';
import { runClassifyTrain } from '../../../experiments/src/commands/classify-train';
import { runClassifyEval } from '../../../experiments/src/commands/classify-eval';
import { runClassifyExport } from '../../../experiments/src/commands/classify-export';
import { runClassifyPredict } from '../../../experiments/src/commands/classify-predict';
import { runClassifyEnsemble } from '../../../experiments/src/commands/classify-ensemble';
import { writeImageFolder, writePngFile } from '../datasets/fixtures';

await selectBackend('wasm', { quiet: true, threads: 1 });
const dir = mkdtempSync(join(tmpdir(), 'deeper-classify-cmd-'));
// Three classes of 8×8 grey squares, levels 40, 80 and 120.
const data = join(dir, 'squares');
writeImageFolder(data, ['dark', 'mid', 'light'], 20);
const other = join(dir, 'other');
writeImageFolder(other, ['a', 'b'], 10);
const quietly = async <T>(f: () => Promise<T>): Promise<T> => {
  const error = console.error;
  console.error = () => {};
  try {
    return await f();
  } finally {
    console.error = error;
  }
};
const train = (seed: number, extra: Record<string, unknown> = {}, dataset = data) => quietly(() => runClassifyTrain({
  config: { dataset, model: 'mlp', epochs: 6, batchSize: 8, learningRate: 1e-2, valFraction: 0, augment: [], seed, ...extra }, out: join(dir, 'runs'), resume: null, epochs: null, progressEvery: 1000,
}));

const first = await train(0);

const Train = suite('deeper classify train');
Train('leaves a run folder with config, metrics, plot, checkpoints, result and both PNGs', () => {
  assert.ok(first.evaluation !== null && first.evaluation.accuracy === 1, `accuracy ${first.evaluation?.accuracy}`);
  for (const file of ['config.json', 'metrics.jsonl', 'plots/training.svg', 'confusion-matrix.png', 'misclassified.png', 'result.json']) assert.ok(existsSync(join(first.runDir, file)), file);
  const result = JSON.parse(readFileSync(join(first.runDir, 'result.json'), 'utf8'));
  assert.is(result.test_accuracy, 1);
  const config = JSON.parse(readFileSync(join(first.runDir, 'config.json'), 'utf8'));
  assert.equal(config.classNames, ['dark', 'light', 'mid']);
});
Train('--resume continues a run from its last checkpoint to a larger epoch count', async () => {
  const run = await train(3, { epochs: 2 });
  const resumed = await quietly(() => runClassifyTrain({ config: {}, out: join(dir, 'runs'), resume: run.runDir, epochs: 4, progressEvery: 1000 }));
  const lines = readFileSync(join(run.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(lines.some((l) => l.type === 'resume' && l.epoch === 2));
  assert.is(lines.filter((l) => l.type === 'epoch').length, 4);
  assert.ok(resumed.evaluation !== null);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  Train(`${signal} mid-epoch stops after that minibatch with a checkpoint there, skips the test, and --resume finishes the run`, async () => {
    // 48 training images (the rest are the test split), batch 8: 6 steps an epoch, epoch checkpoints at
    // steps 6, 12, 18. The signal goes out when the progress line of step 3 is written, so the loop stops
    // before step 4.
    const write = process.stderr.write.bind(process.stderr);
    let sent = false;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (!sent && /step 3 /.test(String(chunk))) {
        sent = true;
        process.emit(signal, signal);
      }
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    let stopped;
    try {
      stopped = await quietly(() => runClassifyTrain({
        config: { dataset: data, model: 'mlp', epochs: 3, batchSize: 8, learningRate: 1e-2, valFraction: 0, augment: [], seed: 5 }, out: join(dir, 'runs'), resume: null, epochs: null, progressEvery: 1,
      }));
    } finally {
      process.stderr.write = write;
    }
    assert.ok(sent, 'the signal was sent');
    assert.ok(stopped.interrupted);
    assert.is(stopped.evaluation, null, 'no test after a stop');
    assert.is(stopped.lastCheckpoint, join(stopped.runDir, 'checkpoints', 'step-00000003'));
    assert.is(process.listenerCount(signal), 0, 'the handlers are removed');
    const resumed = await quietly(() => runClassifyTrain({ config: {}, out: join(dir, 'runs'), resume: stopped.runDir, epochs: null, progressEvery: 1000 }));
    assert.not.ok(resumed.interrupted);
    assert.ok(resumed.evaluation !== null);
    const lines = readFileSync(join(stopped.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.type === 'resume' && l.step === 3), 'resumed at step 3');
    const epochEnds = lines.filter((l) => l.type === 'epoch').map((l) => l.step as number);
    assert.equal(epochEnds, [6, 12, 18], 'three whole epochs, the first one finished after the resume');
  });
}
Train.run();

const Eval = suite('deeper classify eval');
Eval('recomputes the test accuracy of the latest checkpoint; fp16 agrees', async () => {
  const r = await runClassifyEval(first.runDir);
  assert.is(r.accuracy, first.evaluation!.accuracy);
  assert.ok(Math.abs(r.loss - first.evaluation!.loss) < 1e-6);
  // The confusion matrix: one row per class, its diagonal the correct images.
  assert.is(r.confusion.length, r.classNames.length);
  assert.is(r.confusion.flat().reduce((a, b) => a + b, 0), r.count);
  assert.is(r.confusion.reduce((a, row, i) => a + row[i], 0) / r.count, r.accuracy);
  const figures = join(dir, 'figures');
  await runClassifyEval(first.runDir, { figures });
  assert.ok(existsSync(join(figures, 'confusion-matrix.png')) && existsSync(join(figures, 'misclassified.png')));
  const half = await runClassifyEval(first.runDir, { fp16: true });
  assert.is(half.accuracy, r.accuracy);
  assert.ok(Math.abs(half.loss - r.loss) < 1e-2);
  // This run trained without flips: averaging over mirror images is refused, naming the option and the run's augmentations.
  await rejects(runClassifyEval(first.runDir, { flipTta: true }), /deeper classify eval expects --flip-tta to be a run trained with flips .* but received \[\]/);
});
Eval.run();

const Export = suite('deeper classify export');
Export('--fp16 writes half the weight bytes, and loadModel reads it back with nearly equal outputs', async () => {
  const out = join(dir, 'exported');
  const r = await runClassifyExport(first.runDir, out, true);
  assert.is(r.weightBytes * 2, r.checkpointWeightBytes);
  assert.is(statSync(join(out, 'weights.bin')).size, r.weightBytes);
  const half = await loadModel(out);
  const full = await loadModel(join(first.runDir, 'checkpoints', readFileSync(join(first.runDir, 'metrics.jsonl'), 'utf8').match(/step-\d+/g)!.pop()!));
  const x = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 1);
  const a = half.predict(x) as tf.Tensor;
  const b = full.predict(x) as tf.Tensor;
  const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  assert.ok(diff < 5e-3, `max difference ${diff}`);
  tf.dispose([x, a, b]);
  half.dispose();
  full.dispose();
});
Export.run();

const Predict = suite('deeper classify predict');
Predict('top-k classes of PNG files; another size is resized and RGB converted, each with a notice', async () => {
  const light = join(dir, 'light.png');
  writePngFile(light, 8, 8, () => [120, 120, 120]);
  const bigDark = join(dir, 'big-dark.png');
  writePngFile(bigDark, 16, 16, () => [30, 50, 40]);
  const [p1, p2] = await runClassifyPredict(first.runDir, [light, bigDark], 2);
  assert.is(p1.top[0].class, 'light');
  assert.is(p1.top.length, 2);
  assert.ok(p1.top[0].probability > p1.top[1].probability);
  assert.equal(p1.notices, []);
  assert.is(p2.top[0].class, 'dark');
  assert.is(p2.notices.length, 2);
  assert.match(p2.notices.join(' '), /resized to the model's 8×8/);
});
Predict.run();

const Ensemble = suite('deeper classify ensemble');
Ensemble('scores the averaged members beside each; members with other classes are refused', async () => {
  const second = await train(1);
  const r = await runClassifyEnsemble([first.runDir, second.runDir]);
  assert.is(r.members.length, 2);
  assert.is(r.count, 12);
  assert.ok(r.accuracy >= Math.min(...r.members.map((m) => m.accuracy)));
  const stranger = await train(2, {}, other);
  await runClassifyEnsemble([first.runDir, stranger.runDir]).then(
    () => assert.unreachable('should refuse'),
    (error: Error) => assert.match(error.message, /--runs.*same classes.*other__mlp/),
  );
});
Ensemble.after(() => rmSync(dir, { recursive: true, force: true }));
Ensemble.run();
