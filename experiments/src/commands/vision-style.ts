/**
 * `deeper vision style --content a.png --style b.png --out c.png [--steps N] [--size S] [--seed S]`:
 * Gatys et al.'s style transfer (@deeper/vision). Both images are resized to S × S (default
 * 64) and must have the same channel count. The features come from a random-weight VGG-style
 * network normalised on the two images (`--features random`, the default, seeded by --seed)
 * or from the encoder of a segmentation run we trained (`--features <segment run folder>`,
 * grey images for the M2NIST runs). Writes c.png, the intermediate images in
 * c.steps/step-<n>.png, the loss curves in c.losses.svg, and prints progress lines; at the
 * end it reports the content and style losses measured in a second network seeded
 * independently (--seed + 1000), so the result is not judged only by the objective it
 * optimised. The same arguments give the same bytes.
 */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, tap, toArray } from 'rxjs';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, latestCheckpoint, loadModel, renderSvg, writeFileAtomic } from '@deeper/core';
import { defaultStyleLayers, encoderFeatures, normaliseActivations, readImagePng, styleLosses, styleNet, styleTransfer, writePng, type StyleEvent } from '@deeper/vision';
import { useBackend } from '../use-backend';
import { parseIntegerOption } from './envs-rollout';

export interface StyleOptions {
  content: string;
  style: string;
  out: string;
  steps: number;
  size: number;
  seed: number;
  optimizer: 'adam' | 'lbfgs';
  features: string;
  every: number;
}

export interface StyleResult {
  out: string;
  seconds: number;
  /** Losses of the result in the optimised network (last step). */
  final: { loss: number; content: number; style: number; tv: number };
  /** Content and style losses of the content image, the style image and the result, measured in a second network (seed + 1000). */
  check: { contentImage: { content: number; style: number }; result: { content: number; style: number } };
}

const who = 'deeper vision style';

function loadImage(path: string, size: number, field: string): tf.Tensor4D {
  const image = readImagePng(path);
  if (image.width < 1 || image.height < 1) throw new ConfigError(who, field, 'a non-empty PNG image', path);
  return tf.tidy(() => tf.image.resizeBilinear(tf.div(tf.tensor4d(image.data, [1, image.height, image.width, image.channels], 'float32'), 255) as tf.Tensor4D, [size, size], true));
}

async function featureNetwork(features: string, seed: number, channels: number, images: tf.Tensor4D[]): Promise<tf.LayersModel> {
  if (features === 'random') {
    const net = styleNet({ channels, seed });
    normaliseActivations(net, images);
    return net;
  }
  const model = await loadModel(latestCheckpoint(features), { optimizer: false });
  const net = encoderFeatures(model);
  const expected = net.inputs[0].shape[3];
  if (expected !== channels) throw new ConfigError(who, '--content', `an image with the ${expected} channel(s) the network of ${features} was trained on`, `one with ${channels}`);
  return net;
}

/** Runs the transfer and writes its files; see the file comment. */
export async function runStyle(o: StyleOptions): Promise<StyleResult> {
  const started = performance.now();
  const contentImage = readImagePng(o.content);
  const styleImage = readImagePng(o.style);
  if (styleImage.channels !== contentImage.channels) {
    throw new ConfigError(who, '--style', `an image with ${contentImage.channels} channel(s), like the content image ${o.content}`, `${o.style} with ${styleImage.channels}`);
  }
  const content = loadImage(o.content, o.size, '--content');
  const style = loadImage(o.style, o.size, '--style');
  const net = await featureNetwork(o.features, o.seed, contentImage.channels, [content, style]);
  const checkNet = styleNet({ channels: contentImage.channels, seed: o.seed + 1000 });
  normaliseActivations(checkNet, [content, style]);
  const stem = o.out.replace(/\.png$/i, '');
  mkdirSync(`${stem}.steps`, { recursive: true });
  let lastImage: Extract<StyleEvent, { type: 'style-image' }> | null = null;
  try {
    const events = await lastValueFrom(styleTransfer(net, content, style, { steps: o.steps, seed: o.seed, optimizer: o.optimizer, imageEvery: o.every }).pipe(
      tap((e) => {
        if (e.type === 'style-image') {
          lastImage = e;
          writePng(join(`${stem}.steps`, `step-${String(e.step).padStart(5, '0')}.png`), { width: e.width, height: e.height, channels: e.channels as 1 | 3, data: e.data });
        } else if (e.step % o.every === 0 || e.step === 1) {
          console.error(`step ${e.step}/${o.steps}: loss ${e.loss.toFixed(2)} (content ${e.content.toFixed(2)}, style ${e.style.toFixed(4)}, tv ${e.tv.toFixed(2)})`);
        }
      }),
      toArray(),
    ));
    const image = lastImage as Extract<StyleEvent, { type: 'style-image' }> | null;
    if (image === null) throw new ConfigError(who, '--steps', 'at least one step', o.steps);
    writePng(o.out, { width: image.width, height: image.height, channels: image.channels as 1 | 3, data: image.data });
    const steps = events.filter((e): e is Extract<StyleEvent, { type: 'style-step' }> => e.type === 'style-step');
    const points = steps.flatMap((e) => (['content', 'style', 'tv'] as const).map((term) => ({ step: e.step, term, value: e[term] })));
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: `style transfer: ${o.content} in the style of ${o.style}`, data: { values: points },
      width: 480, height: 220, mark: { type: 'line', strokeWidth: 1.5 },
      encoding: { x: { field: 'step', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: 'loss term' }, color: { field: 'term', type: 'nominal' } },
    } as unknown as Parameters<typeof renderSvg>[0];
    writeFileAtomic(`${stem}.losses.svg`, await renderSvg(spec));
    const result = tf.tidy(() => tf.div(tf.tensor4d(image.data, [1, image.height, image.width, image.channels], 'float32'), 255) as tf.Tensor4D);
    const layers = defaultStyleLayers(checkNet);
    const check = { contentImage: styleLosses(checkNet, content, content, style, layers), result: styleLosses(checkNet, result, content, style, layers) };
    result.dispose();
    const last = steps[steps.length - 1];
    return { out: o.out, seconds: (performance.now() - started) / 1000, final: { loss: last.loss, content: last.content, style: last.style, tv: last.tv }, check };
  } finally {
    tf.dispose([content, style]);
    net.dispose();
    checkNet.dispose();
  }
}

export function register(vision: Command): void {
  vision
    .command('style')
    .description("Gatys et al.'s neural style transfer: an image with the content of one and the style of another")
    .requiredOption('--content <png>', 'content image')
    .requiredOption('--style <png>', 'style image (same channel count as the content image)')
    .requiredOption('--out <png>', 'result image; intermediate images go to <out>.steps/, loss curves to <out>.losses.svg')
    .option('--steps <n>', 'optimisation steps', '200')
    .option('--size <s>', 'side of the square both images are resized to, pixels', '64')
    .option('--seed <n>', 'seed of the random feature network and of a noise start', '0')
    .option('--optimizer <name>', 'adam or lbfgs', 'adam')
    .option('--features <what>', '"random" (a random-weight VGG-style network) or a segmentation run folder whose encoder to use', 'random')
    .option('--every <n>', 'steps between progress lines and intermediate images', '25')
    .option('--json', 'print the result as one JSON line')
    .action(async (opts: Record<string, string | boolean | undefined>, command: Command) => {
      await useBackend(command);
      const optimizer = String(opts.optimizer);
      if (optimizer !== 'adam' && optimizer !== 'lbfgs') throw new ConfigError(who, '--optimizer', '"adam" or "lbfgs"', optimizer);
      const result = await runStyle({
        content: String(opts.content), style: String(opts.style), out: String(opts.out),
        steps: parseIntegerOption(who, '--steps', String(opts.steps), 1),
        size: parseIntegerOption(who, '--size', String(opts.size), 1),
        seed: parseIntegerOption(who, '--seed', String(opts.seed), 0),
        optimizer, features: String(opts.features),
        every: parseIntegerOption(who, '--every', String(opts.every), 1),
      });
      console.log(`${result.out} in ${result.seconds.toFixed(1)} s; second network (seed + 1000): style loss ${result.check.contentImage.style.toFixed(4)} (content image) → ${result.check.result.style.toFixed(4)} (result), content loss ${result.check.result.content.toFixed(1)}`);
      if (opts.json) console.log(JSON.stringify(result));
    });
}
