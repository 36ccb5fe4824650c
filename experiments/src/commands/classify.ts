/** `deeper classify <models|train|eval|predict|ensemble|export|transfer>`: image classification with @deeper/classify. */
import type { Command } from 'commander';
import { register as registerModels } from './classify-models';
import { register as registerTrain } from './classify-train';
import { register as registerEval } from './classify-eval';
import { register as registerPredict } from './classify-predict';
import { register as registerEnsemble } from './classify-ensemble';
import { register as registerExport } from './classify-export';
import { register as registerTransfer } from './classify-transfer';

export function register(program: Command): void {
  const classify = program.command('classify').description('train, evaluate, combine, shrink and fine-tune image classifiers');
  registerModels(classify);
  registerTrain(classify);
  registerEval(classify);
  registerPredict(classify);
  registerEnsemble(classify);
  registerExport(classify);
  registerTransfer(classify);
}
