/**
 * `deeper classify eval --run DIR [--fp16] [--json]`: the test accuracy of a run's latest
 * checkpoint, recomputed; with --fp16 its weights and inputs are rounded to half precision
 * first (what the model exported with `classify export --fp16` computes). The JSON line also
 * carries the confusion matrix (rows: true class, columns: predicted), so a results page can
 * quote where the errors fall from the command's own output rather than from the figure.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { confusionMatrixImage, evaluateClassifier, misclassifiedGridImage } from '@deeper/classify';
import { useBackend } from '../use-backend';
import { loadRunModel, printJson, readRunRecord, runDataOf } from './classify-run';

const who = 'deeper classify eval';

export async function runClassifyEval(runDir: string, fp16: boolean, checkpointDir: string | null = null, figures: string | null = null): Promise<{ accuracy: number; loss: number; count: number; confusion: number[][]; classNames: readonly string[]; checkpoint: string; seconds: number }> {
  const started = performance.now();
  const record = readRunRecord(who, runDir);
  const data = runDataOf(record);
  const { model, checkpoint } = await loadRunModel(runDir, checkpointDir);
  try {
    const e = evaluateClassifier(model, data.test, { halfPrecision: fp16 });
    if (figures !== null) {
      const title = `${record.train.model} on ${record.train.dataset}${fp16 ? ' (fp16)' : ''}`;
      confusionMatrixImage(e.confusion, data.classNames, `${title}: test accuracy ${(100 * e.accuracy).toFixed(2)} %`).writePng(join(figures, 'confusion-matrix.png'));
      misclassifiedGridImage(data.test, e.predicted, {}, title).writePng(join(figures, 'misclassified.png'));
    }
    return { accuracy: e.accuracy, loss: e.loss, count: e.count, confusion: e.confusion, classNames: data.classNames, checkpoint, seconds: (performance.now() - started) / 1000 };
  } finally {
    model.dispose();
  }
}

export function register(classify: Command): void {
  classify
    .command('eval')
    .description("test accuracy of a run's latest checkpoint, optionally in half precision")
    .requiredOption('--run <dir>', 'run folder of classify train or transfer')
    .option('--checkpoint <dir>', "one of the run's checkpoints/step-<n> folders (default: the latest)")
    .option('--fp16', 'round weights and inputs to float16 first')
    .option('--figures <dir>', 'also write confusion-matrix.png and misclassified.png there')
    .option('--json', 'print {"test_accuracy","test_loss","count","fp16","seconds","class_names","confusion"} as the last line (confusion[true][predicted])')
    .action(async (opts: { run: string; checkpoint?: string; fp16?: boolean; figures?: string; json?: boolean }, command: Command) => {
      await useBackend(command);
      const r = await runClassifyEval(opts.run, opts.fp16 === true, opts.checkpoint ?? null, opts.figures ?? null);
      console.log(`test accuracy${opts.fp16 ? ' (fp16)' : ''}: ${(100 * r.accuracy).toFixed(2)} % on ${r.count} images (loss ${r.loss.toFixed(4)}), ${r.checkpoint}`);
      if (opts.json) printJson({ test_accuracy: r.accuracy, test_loss: r.loss, count: r.count, fp16: opts.fp16 === true, seconds: r.seconds, class_names: r.classNames, confusion: r.confusion });
    });
}
