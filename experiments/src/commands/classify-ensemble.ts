/**
 * `deeper classify ensemble --runs A,B,C [--json]`: the test accuracy of the average of the
 * runs' predicted probabilities (@deeper/core's Ensemble, as Krizhevsky et al. 2012 and
 * Simonyan & Zisserman 2014 combine their nets), beside each member's own. Members must
 * have been trained on the same classes; the test images are those of the first run.
 */
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, Ensemble } from '@deeper/core';
import { datasetBatches, evaluateClassifier, imageShapeOf, scorePredictions } from '@deeper/classify';
import { useBackend } from '../use-backend';
import { loadRunModel, printJson, readRunRecord, runDataOf } from './classify-run';

const who = 'deeper classify ensemble';

export interface EnsembleResult {
  members: { run: string; accuracy: number; loss: number }[];
  accuracy: number;
  loss: number;
  count: number;
  bestMember: number;
  seconds: number;
}

export async function runClassifyEnsemble(runs: string[]): Promise<EnsembleResult> {
  const started = performance.now();
  if (runs.length < 2) throw new ConfigError(who, '--runs', 'at least two run folders, comma-separated', runs.join(','));
  const records = runs.map((run) => readRunRecord(who, run));
  records.forEach((r, i) => {
    const same = r.classNames.length === records[0].classNames.length && r.classNames.every((n, k) => n === records[0].classNames[k]);
    if (!same) throw new ConfigError(who, '--runs', `members trained on the same classes as ${runs[0]} (${JSON.stringify(records[0].classNames)})`, `${runs[i]} with ${JSON.stringify(r.classNames)}`);
  });
  const data = runDataOf(records[0]);
  const models = await Promise.all(runs.map(async (run) => (await loadRunModel(run)).model));
  try {
    const members: { run: string; accuracy: number; loss: number }[] = [];
    for (const [i, model] of models.entries()) {
      const e = await evaluateClassifier(model, data.test);
      members.push({ run: runs[i], accuracy: e.accuracy, loss: e.loss });
    }
    const ensemble = new Ensemble(models);
    const classes = records[0].classNames.length;
    const probabilities = new Float32Array(data.test.count * classes);
    const shape = imageShapeOf(data.test);
    let at = 0;
    for (const batch of datasetBatches(data.test, { batchSize: 500 })) {
      const y = tf.tidy(() => ensemble.predict(tf.tensor4d(batch.images, [batch.labels.length, ...shape])));
      try {
        probabilities.set(await y.data() as Float32Array, at);
      } finally {
        y.dispose();
      }
      at += batch.labels.length * classes;
    }
    const e = scorePredictions(probabilities, data.test.labels, classes);
    const bestMember = members.reduce((best, m, i) => (m.accuracy > members[best].accuracy ? i : best), 0);
    return { members, accuracy: e.accuracy, loss: e.loss, count: e.count, bestMember, seconds: (performance.now() - started) / 1000 };
  } finally {
    models.forEach((m) => m.dispose());
  }
}

export function register(classify: Command): void {
  classify
    .command('ensemble')
    .description("test accuracy of the runs' averaged probabilities beside each member's")
    .requiredOption('--runs <list>', 'comma-separated run folders')
    .option('--json', 'print {"test_accuracy","test_loss","members",…} as the last line')
    .action(async (opts: { runs: string; json?: boolean }, command: Command) => {
      await useBackend(command);
      const r = await runClassifyEnsemble(opts.runs.split(',').map((s) => s.trim()).filter(Boolean));
      r.members.forEach((m, i) => console.log(`member ${i + 1}: ${(100 * m.accuracy).toFixed(2)} %  ${m.run}`));
      const gain = r.accuracy - r.members[r.bestMember].accuracy;
      console.log(`ensemble of ${r.members.length}: ${(100 * r.accuracy).toFixed(2)} % on ${r.count} images (${gain >= 0 ? '+' : ''}${(100 * gain).toFixed(2)} points over the best member)`);
      if (opts.json) printJson({ test_accuracy: r.accuracy, test_loss: r.loss, count: r.count, best_member_accuracy: r.members[r.bestMember].accuracy, members: r.members, seconds: r.seconds });
    });
}
