/**
 * `deeper classify export --run DIR [--fp16] --out DIR [--json]`: the run's latest model as
 * a TensorFlow.js Layers model directory (model.json + weights.bin) that @deeper/core's
 * `loadModel` (and tf.loadLayersModel) reads; --fp16 stores the weights as float16, half
 * the bytes. classes.json beside it names the classes and the input shape.
 */
import type { Command } from 'commander';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, saveModel } from '@deeper/core';
import { useBackend } from '../use-backend';
import { loadRunModel, printJson, readRunRecord } from './classify-run';

const who = 'deeper classify export';

export async function runClassifyExport(runDir: string, out: string, fp16: boolean, checkpointDir: string | null = null): Promise<{ out: string; weightBytes: number; checkpointWeightBytes: number }> {
  if (!out) throw new ConfigError(who, '--out', 'a folder to write the model to', out);
  const record = readRunRecord(who, runDir);
  const { model, checkpoint } = await loadRunModel(runDir, checkpointDir);
  try {
    await saveModel(model, out, { dtype: fp16 ? 'float16' : 'float32' });
  } finally {
    model.dispose();
  }
  writeFileSync(join(out, 'classes.json'), `${JSON.stringify({ classNames: record.classNames, inputShape: record.inputShape, from: checkpoint, dtype: fp16 ? 'float16' : 'float32' }, null, 1)}\n`);
  return { out, weightBytes: statSync(join(out, 'weights.bin')).size, checkpointWeightBytes: statSync(join(checkpoint, 'weights.bin')).size };
}

export function register(classify: Command): void {
  classify
    .command('export')
    .description("write a run's model as a TensorFlow.js model directory, optionally with float16 weights")
    .requiredOption('--run <dir>', 'run folder of classify train or transfer')
    .requiredOption('--out <dir>', 'folder to write model.json, weights.bin and classes.json to')
    .option('--checkpoint <dir>', "one of the run's checkpoints/step-<n> folders (default: the latest)")
    .option('--fp16', 'store weights as float16 (half the size)')
    .option('--json', 'print {"out","weight_bytes","float32_weight_bytes"} as the last line')
    .action(async (opts: { run: string; out: string; checkpoint?: string; fp16?: boolean; json?: boolean }, command: Command) => {
      await useBackend(command);
      const r = await runClassifyExport(opts.run, opts.out, opts.fp16 === true, opts.checkpoint ?? null);
      console.log(`wrote ${r.out}: weights.bin ${r.weightBytes.toLocaleString('en-US')} bytes (${(100 * r.weightBytes / r.checkpointWeightBytes).toFixed(1)} % of the float32 checkpoint's ${r.checkpointWeightBytes.toLocaleString('en-US')})`);
      if (opts.json) printJson({ out: r.out, weight_bytes: r.weightBytes, float32_weight_bytes: r.checkpointWeightBytes });
    });
}
