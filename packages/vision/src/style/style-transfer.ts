/**
 * Neural style transfer (Gatys, Ecker & Bethge 2016, §2.3): find the image x minimising
 *   L(x) = α·L_content(x, p) + β·Σ_l w_l E_l(x, a) + γ·TV(x),
 * with p the content image's features at one deep layer, a the style image's Gram matrices at
 * several layers (gram-matrix.ts), w_l = 1 / (number of style layers), and γ a total-variation
 * term against high-frequency noise (an addition of Johnson et al. 2016 and others). x starts
 * as seeded white noise (the paper) or the content image, and is optimised by L-BFGS (the
 * paper; lbfgs.ts) or Adam (core's). Pixels are clipped to [0, 1] only in the images
 * reported; Adam's iterate is also projected onto [0, 1] after every update. A cold Observable: each subscription is one run, which
 * reports the losses every step and the image every `imageEvery` steps and at the end.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, ConfigError, createOptimizer, resolveConfig, SeededRng, ShapeError } from '@deeper/core';
import { Observable } from 'rxjs';
import { contentLoss, gramMatrix, styleLayerLoss, totalVariation } from './gram-matrix';
import { Lbfgs } from './lbfgs';

export interface StyleTransferConfig {
  /** Optimisation steps (L-BFGS iterations or Adam updates); default 100. */
  steps: number;
  /** 'adam' or 'lbfgs' (Gatys et al.); default 'adam' (per step several times cheaper than an L-BFGS iteration with its line search, and it moves pixels visibly within the few hundred steps a CPU affords). */
  optimizer: 'lbfgs' | 'adam';
  /** Adam's learning rate, in image units ([0, 1]); default 0.02 (our choice). */
  learningRate: number;
  /** α; default 1. */
  contentWeight: number;
  /** β; default 1e4 (α/β = 10⁻⁴, the smallest ratio of the paper's Fig. 3: with the random network's normalised features a weaker style barely moves the image). */
  styleWeight: number;
  /** γ; default 1 (our choice). */
  tvWeight: number;
  /** The feature layer compared for content; default null: the last output of the network. */
  contentLayer: string | null;
  /** Layers whose Gram matrices are matched; default null: the first convolution of every stage. */
  styleLayers: string[] | null;
  /** Start from 'noise' (seeded, the paper) or the 'content' image; default 'content' (converges in far fewer steps; the paper starts from noise). */
  init: 'noise' | 'content';
  /** Seed of the initial noise; default 0. */
  seed: number;
  /** Emit the image every this many steps (and at the end); default 25. */
  imageEvery: number;
}

export const styleTransferDefaults: StyleTransferConfig = {
  steps: 100, optimizer: 'adam', learningRate: 0.02, contentWeight: 1, styleWeight: 1e4, tvWeight: 1, contentLayer: null, styleLayers: null, init: 'content', seed: 0, imageEvery: 25,
};

const who = 'styleTransfer';

export function resolveStyleTransferConfig(partial: Partial<StyleTransferConfig> = {}): StyleTransferConfig {
  const c = resolveConfig(who, styleTransferDefaults, partial);
  checkInteger(who, 'steps', c.steps);
  checkOneOf(who, 'optimizer', c.optimizer, ['lbfgs', 'adam'] as const);
  checkNumber(who, 'learningRate', c.learningRate, 0, Infinity, true);
  for (const field of ['contentWeight', 'styleWeight', 'tvWeight'] as const) checkNumber(who, field, c[field], 0);
  checkOneOf(who, 'init', c.init, ['noise', 'content'] as const);
  checkInteger(who, 'seed', c.seed, 0);
  checkInteger(who, 'imageEvery', c.imageEvery);
  return c;
}

/** The losses of one step. */
export interface StyleStepEvent { type: 'style-step'; step: number; loss: number; content: number; style: number; tv: number }
/** The image so far, 8-bit, row-major, channels interleaved. */
export interface StyleImageEvent { type: 'style-image'; step: number; width: number; height: number; channels: number; data: Uint8Array }
export type StyleEvent = StyleStepEvent | StyleImageEvent;

/** Content and style losses of `image` measured in `net` (e.g. a second, independently seeded network). */
export function styleLosses(net: tf.LayersModel, image: tf.Tensor4D, content: tf.Tensor4D, style: tf.Tensor4D, layers: { content: string; style: string[] }): { content: number; style: number } {
  return tf.tidy(() => {
    const index = (name: string) => net.outputNames.indexOf(name);
    const [fx, fc, fs] = [image, content, style].map((t) => net.predict(t) as tf.Tensor[]);
    const c = contentLoss(fx[index(layers.content)], fc[index(layers.content)]).dataSync()[0];
    const s = layers.style.reduce((sum, name) => sum + styleLayerLoss(fx[index(name)], gramMatrix(fs[index(name)])).dataSync()[0], 0) / layers.style.length;
    return { content: c, style: s };
  });
}

/** The default layers of a network built by `styleNet`: content at the last output, style at each stage's first convolution. */
export function defaultStyleLayers(net: tf.LayersModel): { content: string; style: string[] } {
  const names = net.outputNames;
  const style = names.filter((n) => /_conv1_relu$/.test(n));
  return { content: names[names.length - 1], style: style.length > 0 ? style : names.slice() };
}

const toBytes = (x: tf.Tensor4D) => tf.tidy(() => Uint8Array.from(tf.round(tf.mul(tf.clipByValue(x, 0, 1), 255)).dataSync()));

/** Runs style transfer; `content` and `style` are [1, h, w, c] images in [0, 1] with the same channel count. */
export function styleTransfer(net: tf.LayersModel, content: tf.Tensor4D, style: tf.Tensor4D, config: Partial<StyleTransferConfig> = {}): Observable<StyleEvent> {
  const c = resolveStyleTransferConfig(config);
  if (content.rank !== 4 || content.shape[0] !== 1) throw new ShapeError(who, 'a content image [1, h, w, c]', content.shape);
  if (style.rank !== 4 || style.shape[0] !== 1) throw new ShapeError(who, 'a style image [1, h, w, c]', style.shape);
  if (style.shape[3] !== content.shape[3]) throw new ShapeError(who, `a style image with the content image's ${content.shape[3]} channel(s)`, style.shape);
  const channels = net.inputs[0].shape[3];
  if (content.shape[3] !== channels) throw new ShapeError(who, `images with the feature network's ${channels} channel(s)`, content.shape);
  const defaults = defaultStyleLayers(net);
  const layers = { content: c.contentLayer ?? defaults.content, style: c.styleLayers ?? defaults.style };
  for (const name of [layers.content, ...layers.style]) {
    if (!net.outputNames.includes(name)) throw new ConfigError(who, 'contentLayer/styleLayers', `outputs of the feature network (${net.outputNames.join(', ')})`, name);
  }
  const index = (name: string) => net.outputNames.indexOf(name);
  return new Observable<StyleEvent>((subscriber) => {
    let stopped = false;
    const run = async () => {
      const [, h, w, ch] = content.shape;
      const targets = tf.tidy(() => {
        const p = (net.predict(content) as tf.Tensor[])[index(layers.content)];
        const fs = net.predict(style) as tf.Tensor[];
        return { p: tf.keep(p), grams: layers.style.map((name) => tf.keep(gramMatrix(fs[index(name)]))) };
      });
      const parts = (x: tf.Tensor4D) => {
        const fx = net.predict(x) as tf.Tensor[];
        const lc = contentLoss(fx[index(layers.content)], targets.p);
        const ls = tf.div(tf.addN(layers.style.map((name, i) => styleLayerLoss(fx[index(name)], targets.grams[i]))), layers.style.length) as tf.Scalar;
        const lt = totalVariation(x);
        const total = tf.addN([tf.mul(c.contentWeight, lc), tf.mul(c.styleWeight, ls), tf.mul(c.tvWeight, lt)]) as tf.Scalar;
        return { total, lc, ls, lt };
      };
      const start = c.init === 'content'
        ? Float64Array.from(content.dataSync())
        : (() => {
            const rng = new SeededRng(c.seed);
            return Float64Array.from({ length: h * w * ch }, () => rng.nextFloat());
          })();
      const initial = start;
      const emitImage = (step: number, z: tf.Tensor4D) => subscriber.next({ type: 'style-image', step, width: w, height: h, channels: ch, data: toBytes(z) });
      let last = { content: NaN, style: NaN, tv: NaN };
      const measure = (z: tf.Tensor4D) => tf.tidy(() => {
        const r = parts(z);
        last = { content: r.lc.dataSync()[0], style: r.ls.dataSync()[0], tv: r.lt.dataSync()[0] };
        return r.total;
      });
      try {
        if (c.optimizer === 'lbfgs') {
          const objective = (flat: Float64Array) => {
            let result = { value: NaN, gradient: new Float64Array(0) };
            tf.tidy(() => {
              const x = tf.tensor4d(Float32Array.from(flat), [1, h, w, ch]);
              const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => measure(v as tf.Tensor4D))(x);
              result = { value: value.dataSync()[0], gradient: Float64Array.from(grad.dataSync()) };
            });
            return result;
          };
          const lbfgs = new Lbfgs(objective, initial);
          for (let step = 1; step <= c.steps && !stopped; step++) {
            lbfgs.step();
            tf.tidy(() => {
              measure(tf.tensor4d(Float32Array.from(lbfgs.x), [1, h, w, ch]));
            });
            subscriber.next({ type: 'style-step', step, loss: lbfgs.value, ...last });
            if (step % c.imageEvery === 0 || step === c.steps) tf.tidy(() => emitImage(step, tf.tensor4d(Float32Array.from(lbfgs.x), [1, h, w, ch])));
            await new Promise<void>((r) => setImmediate(r));
          }
        } else {
          const x = tf.tidy(() => tf.variable(tf.tensor4d(Float32Array.from(initial), [1, h, w, ch]), true));
          const optimizer = createOptimizer({ name: 'adam', learningRate: c.learningRate });
          try {
            for (let step = 1; step <= c.steps && !stopped; step++) {
              const loss = optimizer.step(() => measure(x as unknown as tf.Tensor4D), [x]);
              const value = loss.dataSync()[0];
              loss.dispose();
              tf.tidy(() => x.assign(tf.clipByValue(x, 0, 1)));
              subscriber.next({ type: 'style-step', step, loss: value, ...last });
              if (step % c.imageEvery === 0 || step === c.steps) emitImage(step, x as unknown as tf.Tensor4D);
              await new Promise<void>((r) => setImmediate(r));
            }
          } finally {
            optimizer.dispose();
            x.dispose();
          }
        }
        subscriber.complete();
      } finally {
        tf.dispose([targets.p, ...targets.grams]);
      }
    };
    run().catch((error: unknown) => subscriber.error(error));
    return () => {
      stopped = true;
    };
  });
}
