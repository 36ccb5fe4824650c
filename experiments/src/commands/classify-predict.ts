/**
 * `deeper classify predict --run DIR image.png [more.png…] [--top K] [--json]`: the top-k
 * classes of each image with their probabilities. An image of another size is resized
 * (bilinear) and one of other channels converted (grey ↔ RGB), each with a notice on stderr.
 */
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { readPngImage, resizeImage, toChannels } from '@deeper/classify';
import { useBackend } from '../use-backend';
import { integerOption, loadRunModel, printJson, readRunRecord } from './classify-run';

const who = 'deeper classify predict';

export interface Prediction {
  file: string;
  top: { class: string; label: number; probability: number }[];
  notices: string[];
}

export async function runClassifyPredict(runDir: string, files: string[], top: number): Promise<Prediction[]> {
  const record = readRunRecord(who, runDir);
  const [height, width, channels] = record.inputShape;
  const { model } = await loadRunModel(runDir);
  try {
    const predictions: Prediction[] = [];
    for (const file of files) {
      const image = readPngImage(file);
      const notices: string[] = [];
      if (image.channels !== channels) notices.push(`${file}: ${image.channels === 1 ? 'grey' : 'RGB'} image converted to the model's ${channels === 1 ? 'grey' : 'RGB'} input`);
      const converted = toChannels(image, channels as 1 | 3);
      if (image.height !== height || image.width !== width) notices.push(`${file}: ${image.height}×${image.width} image resized to the model's ${height}×${width}`);
      const pixels = resizeImage(converted.pixels, image.height, image.width, channels, height, width);
      const y = tf.tidy(() => model.predict(tf.tensor4d(pixels, [1, height, width, channels])) as tf.Tensor);
      let probabilities: Float32Array;
      try {
        probabilities = await y.data() as Float32Array;
      } finally {
        y.dispose();
      }
      const ranked = Array.from(probabilities, (p, label) => ({ class: record.classNames[label], label, probability: p })).sort((a, b) => b.probability - a.probability);
      predictions.push({ file, top: ranked.slice(0, top), notices });
    }
    return predictions;
  } finally {
    model.dispose();
  }
}

export function register(classify: Command): void {
  classify
    .command('predict')
    .description('top-k classes of PNG images with their probabilities')
    .requiredOption('--run <dir>', 'run folder of classify train or transfer')
    .argument('<images...>', 'PNG files')
    .option('--top <k>', 'classes shown per image', integerOption(who, '--top', 1), 3)
    .option('--json', 'one JSON line per image')
    .action(async (images: string[], opts: { run: string; top: number; json?: boolean }, command: Command) => {
      await useBackend(command);
      for (const p of await runClassifyPredict(opts.run, images, opts.top)) {
        for (const notice of p.notices) console.error(`notice: ${notice}`);
        if (opts.json) printJson({ file: p.file, top: p.top });
        else console.log(`${p.file}: ${p.top.map((t) => `${t.class} ${(100 * t.probability).toFixed(1)} %`).join(', ')}`);
      }
    });
}
