/**
 * `deeper classify eval --run DIR [--fp16] [--flip-tta] [--json]`: the test accuracy of a run's latest
 * checkpoint, recomputed; with --fp16 its weights and inputs are rounded to half precision
 * first (what the model exported with `classify export --fp16` computes); with --flip-tta each
 * image's probabilities are averaged with its mirror image's (test-time augmentation; refused
 * for a run that did not train with flips). The JSON line also
 * carries the confusion matrix (rows: true class, columns: predicted), so a results page can
 * quote where the errors fall from the command's own output rather than from the figure.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { confusionMatrixImage, evaluateClassifier, misclassifiedGridImage } from '@deeper/classify';
import { ConfigError } from '@deeper/core';
import { useBackend } from '../use-backend';
import { loadRunModel, printJson, readRunRecord, runDataOf } from './classify-run';

const who = 'deeper classify eval';

export interface ClassifyEvalOptions {
  /** Round weights and inputs to float16 first; default false. */
  fp16?: boolean;
  /** Average each image's probabilities with its mirror image's; default false. */
  flipTta?: boolean;
  /** One of the run's checkpoints/step-<n> folders; default null (the latest). */
  checkpoint?: string | null;
  /** Folder for confusion-matrix.png and misclassified.png; default null (none). */
  figures?: string | null;
}

export async function runClassifyEval(runDir: string, o: ClassifyEvalOptions = {}): Promise<{ accuracy: number; loss: number; count: number; confusion: number[][]; classNames: readonly string[]; checkpoint: string; seconds: number }> {
  const started = performance.now();
  const fp16 = o.fp16 === true;
  const flipTta = o.flipTta === true;
  const figures = o.figures ?? null;
  const record = readRunRecord(who, runDir);
  if (flipTta && !record.augment.some((a) => a === 'flip' || a.startsWith('flip:'))) {
    throw new ConfigError(who, '--flip-tta', `a run trained with flips (--augment …,flip), since mirror images are otherwise not of the classes it learnt; ${runDir} trained with`, record.augment);
  }
  const data = runDataOf(record);
  const { model, checkpoint } = await loadRunModel(runDir, o.checkpoint ?? null);
  try {
    const e = await evaluateClassifier(model, data.test, { halfPrecision: fp16, testTimeFlip: flipTta });
    if (figures !== null) {
      const title = `${record.train.model} on ${record.train.dataset}${fp16 ? ' (fp16)' : ''}${flipTta ? ' (flip TTA)' : ''}`;
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
    .option('--flip-tta', "average each image's probabilities with its mirror image's (test-time augmentation; runs trained with flips only)")
    .option('--figures <dir>', 'also write confusion-matrix.png and misclassified.png there')
    .option('--json', 'print {"test_accuracy","test_loss","count","fp16","flip_tta","seconds","class_names","confusion"} as the last line (confusion[true][predicted])')
    .action(async (opts: { run: string; checkpoint?: string; fp16?: boolean; flipTta?: boolean; figures?: string; json?: boolean }, command: Command) => {
      await useBackend(command);
      const r = await runClassifyEval(opts.run, { fp16: opts.fp16, flipTta: opts.flipTta, checkpoint: opts.checkpoint, figures: opts.figures });
      const how = [opts.fp16 ? 'fp16' : '', opts.flipTta ? 'flip TTA' : ''].filter(Boolean).join(', ');
      console.log(`test accuracy${how ? ` (${how})` : ''}: ${(100 * r.accuracy).toFixed(2)} % on ${r.count} images (loss ${r.loss.toFixed(4)}), ${r.checkpoint}`);
      if (opts.json) printJson({ test_accuracy: r.accuracy, test_loss: r.loss, count: r.count, fp16: opts.fp16 === true, flip_tta: opts.flipTta === true, seconds: r.seconds, class_names: r.classNames, confusion: r.confusion });
    });
}
