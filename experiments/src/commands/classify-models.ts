/** `deeper classify models [--json]`: the registered classifiers with parameter counts at 28×28×1 and 32×32×3. */
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { buildClassifier, classifierModelNames, classifierModels, countParameters } from '@deeper/classify';
import { printJson } from './classify-run';

export function listModels(): { name: string; description: string; inputSizes: string; parameters: Record<string, number> }[] {
  return classifierModelNames.map((name) => {
    const parameters: Record<string, number> = {};
    for (const shape of [[28, 28, 1], [32, 32, 3]] as [number, number, number][]) {
      const model = buildClassifier(name, { inputShape: shape, classes: 10, seed: 0 });
      parameters[shape.join('x')] = countParameters(model).total;
      model.dispose();
    }
    return { name, description: classifierModels[name].description, inputSizes: classifierModels[name].inputSizes, parameters };
  });
}

export function register(classify: Command): void {
  classify
    .command('models')
    .description('list the registered models with their parameter counts and input sizes')
    .option('--json', 'one JSON line per model')
    .action(async (opts: { json?: boolean }) => {
      // Building a model only shapes weights: the cpu backend needs no set-up.
      await tf.setBackend('cpu');
      const models = listModels();
      for (const m of models) {
        if (opts.json) printJson(m);
        else {
          console.log(`${m.name.padEnd(10)} ${m.parameters['28x28x1'].toLocaleString('en-US').padStart(9)} parameters at 28×28×1, ${m.parameters['32x32x3'].toLocaleString('en-US').padStart(9)} at 32×32×3 (10 classes)`);
          console.log(`           ${m.description}; input: ${m.inputSizes}`);
        }
      }
    });
}
