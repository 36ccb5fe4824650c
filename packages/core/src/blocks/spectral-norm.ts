/**
 * Spectral normalization (Miyato, Kataoka, Koyama & Yoshida 2018, "Spectral Normalization for
 * Generative Adversarial Networks", §2.1 and Algorithm 1): a layer computes with W̄ = W / σ(W),
 * σ(W) the largest singular value of its kernel W seen as a matrix, so that every layer is
 * 1-Lipschitz and a discriminator built of them is too. σ is estimated by power iteration with a
 * vector ũ kept between steps, one iteration per training forward pass:
 *
 *   ṽ ← Wᵀũ / ‖Wᵀũ‖,   ũ ← Wṽ / ‖Wṽ‖,   σ(W) ≈ ũᵀWṽ
 *
 * (their W is [out, in]; ũ has one entry per output unit). The gradient treats ũ and ṽ as
 * constants, so ∂σ/∂W = ũṽᵀ (their eq. 12), and W / σ's gradient follows from the quotient.
 *
 * Here the kernel of a Dense layer ([in, out]) or a Conv2D layer ([kh, kw, in, out]) is read as
 * the matrix M = W reshaped to [kh·kw·in, out], which is their Wᵀ (as in their Chainer and
 * PyTorch's torch.nn.utils.spectral_norm, the convolution's kernel is flattened, not its operator).
 * ũ is a non-trainable weight of the layer (saved with it), updated only in training passes. An
 * inference pass estimates σ from the stored ũ without changing it: ṽ = Mũ / ‖Mũ‖, σ = ṽᵀMũ = ‖Mũ‖.
 *
 * SpectralConv2D and SpectralDense are tfjs-layers' Conv2D and Dense with the kernel swapped for
 * W̄ during `call`; they serialize under their own class names with `powerIterations` and `seed`.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '../config';
import { ConfigError } from '../errors';

/** What the two layers add to tfjs-layers' arguments. */
export interface SpectralNormArgs {
  /** Power iterations per training forward pass. Default 1 (Miyato et al. 2018, Algorithm 1: one is enough, ũ carries over). */
  powerIterations?: number;
  /** Seed of ũ's initial draw from N(0, 1); null draws a fresh one. Default null. */
  seed?: number | null;
}

/** ε inside the norms, so that a zero kernel gives ũ = 0 rather than NaN (PyTorch's spectral_norm uses 1e-12). */
const normEpsilon = 1e-12;

const normalize = (x: tf.Tensor1D): tf.Tensor1D => tf.div(x, tf.add(tf.norm(x), normEpsilon));

/** A spectrally normalized kernel, with the updated ũ and σ, which the caller disposes. */
export interface SpectralNormalized {
  /** W / σ, the kernel's shape. */
  kernel: tf.Tensor;
  /** ũ after the power iterations ([out]); the input ũ when there were none. */
  u: tf.Tensor1D;
  /** The estimate of σ(W). */
  sigma: tf.Scalar;
}

/**
 * W / σ(W) for a kernel whose last axis is the output units, with σ from `iterations` power
 * iterations started at `u` ([out], normalized first); `iterations` 0 estimates σ = ‖Mũ‖ from `u` alone (inference).
 * Differentiable in `kernel` (ũ and ṽ held constant); `u` gets no gradient.
 */
export function spectralNormalize(kernel: tf.Tensor, u: tf.Tensor1D, iterations: number): SpectralNormalized {
  const out = kernel.shape[kernel.shape.length - 1];
  if (u.shape[0] !== out) throw new ConfigError('spectralNormalize', 'u', `a vector of the kernel's ${out} output units`, u.shape);
  let uNew: tf.Tensor1D | undefined;
  const sigmaOf = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const m = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    // The forward pass of a custom gradient is not taped: the power iteration carries no gradient.
    const times = (matrix: tf.Tensor2D, x: tf.Tensor1D, transpose: boolean) => tf.matMul(matrix, x.expandDims(1), transpose).squeeze([1]) as tf.Tensor1D;
    // ũ as stored is a unit vector after any training pass; its initial N(0, 1) draw is not.
    let uk = normalize(u);
    let v = normalize(times(m, uk, false));
    for (let i = 0; i < iterations; i++) {
      // ṽ ← Wᵀũ / ‖Wᵀũ‖ is Mũ normalized; ũ ← Wṽ / ‖Wṽ‖ is Mᵀṽ normalized.
      if (i > 0) v = normalize(times(m, uk, false));
      uk = normalize(times(m, v, true));
    }
    // σ = ṽᵀMũ (their ũᵀWṽ with W = Mᵀ); with no iteration, ‖Mũ‖.
    const sigma = tf.dot(v, times(m, uk, false)) as tf.Scalar;
    uNew = tf.keep(uk.clone());
    save([v, uk]);
    return {
      value: sigma,
      // ∂σ/∂M = ṽũᵀ (their eq. 12, transposed with W).
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [tf.mul(dy as tf.Tensor, tf.outerProduct(saved[0] as tf.Tensor1D, saved[1] as tf.Tensor1D))],
    };
  });
  const sigma = tf.tidy(() => sigmaOf(tf.reshape(kernel, [-1, out])) as tf.Scalar);
  return { kernel: tf.div(kernel, sigma), u: uNew!, sigma };
}

type LayerCall = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/** The fields of tfjs-layers' Conv2D and Dense this module reads and swaps. */
interface KernelFields {
  kernel: tf.LayerVariable | { read: () => tf.Tensor };
}

/** The state and behaviour both layers share: ũ, its seeded initialization, and the kernel swap. */
class SpectralState {
  u: tf.LayerVariable | null = null;
  readonly powerIterations: number;
  readonly seed: number | null;

  constructor(who: string, args: SpectralNormArgs) {
    this.powerIterations = args.powerIterations ?? 1;
    this.seed = args.seed ?? null;
    checkInteger(who, 'powerIterations', this.powerIterations, 1);
    if (this.seed !== null) checkInteger(who, 'seed', this.seed, 0);
  }

  build(layer: tf.layers.Layer, out: number): void {
    this.u = (layer as unknown as { addWeight: (name: string, shape: number[], dtype: string | null, init: ReturnType<typeof tf.initializers.randomNormal>, reg: null, trainable: boolean) => tf.LayerVariable })
      .addWeight('spectral_u', [out], 'float32', tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed ?? undefined }), null, false);
  }

  /** Runs the layer's own `call` with W / σ in place of W; a training pass also stores the new ũ. */
  call(layer: tf.layers.Layer, superCall: LayerCall, inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = layer as unknown as KernelFields;
    const kernel = self.kernel as tf.LayerVariable;
    return tf.tidy(() => {
      const training = kwargs.training === true;
      const normalized = spectralNormalize(kernel.read(), this.u!.read() as tf.Tensor1D, training ? this.powerIterations : 0);
      // tf.keep'd by spectralNormalize: written (the variable shares its data) or not, it is disposed here.
      if (training) this.u!.write(normalized.u);
      normalized.u.dispose();
      self.kernel = { read: () => normalized.kernel };
      try {
        return superCall.call(layer, inputs, kwargs);
      } finally {
        self.kernel = kernel;
      }
    });
  }

  config(): { powerIterations: number; seed: number | null } {
    return { powerIterations: this.powerIterations, seed: this.seed };
  }
}

type Conv2DArgs = Parameters<typeof tf.layers.conv2d>[0];
type DenseArgs = Parameters<typeof tf.layers.dense>[0];

/** tfjs-layers' Conv2D and Dense classes, which the package does not export by name. */
const TfjsConv2D = Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })).constructor as { new (args: Conv2DArgs): tf.layers.Layer };
const TfjsDense = Object.getPrototypeOf(tf.layers.dense({ units: 1 })).constructor as { new (args: DenseArgs): tf.layers.Layer };

/** A spectrally normalized layer class: its base's arguments plus SpectralNormArgs, and the name it serializes under. */
export interface SpectralLayerClass<A> {
  new (args: A & SpectralNormArgs): tf.layers.Layer;
  readonly className: string;
}

/**
 * `Base` (tfjs-layers' Conv2D or Dense) with a spectrally normalized kernel (see the file comment),
 * serialized as `className`; `outputUnits` names the field holding the kernel's last axis, and `who`
 * is the name bad arguments are reported under.
 */
function withSpectralNorm<A extends object>(Base: new (args: A) => tf.layers.Layer, className: string, who: string, outputUnits: 'filters' | 'units'): SpectralLayerClass<A> {
  return class extends Base {
    static className = className;
    private readonly spectral: SpectralState;

    constructor(args: A & SpectralNormArgs) {
      const { powerIterations, seed, ...base } = args;
      super(base as unknown as A);
      this.spectral = new SpectralState(who, { powerIterations, seed });
    }

    override build(inputShape: tf.Shape | tf.Shape[]): void {
      super.build(inputShape);
      this.spectral.build(this, (this as unknown as Record<typeof outputUnits, number>)[outputUnits]);
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
      return this.spectral.call(this, super.call as LayerCall, inputs, kwargs);
    }

    override getConfig(): tf.serialization.ConfigDict {
      return { ...super.getConfig(), ...this.spectral.config() };
    }
  };
}

/** tfjs-layers' Conv2D with a spectrally normalized kernel (see the file comment). */
export const SpectralConv2D: SpectralLayerClass<Conv2DArgs> = withSpectralNorm<Conv2DArgs>(TfjsConv2D, 'SpectralConv2D', 'spectralConv2d', 'filters');

/** tfjs-layers' Dense with a spectrally normalized kernel (see the file comment). */
export const SpectralDense: SpectralLayerClass<DenseArgs> = withSpectralNorm<DenseArgs>(TfjsDense, 'SpectralDense', 'spectralDense', 'units');

for (const layer of [SpectralConv2D, SpectralDense]) {
  tf.serialization.registerClass(layer as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}

/** A Conv2D layer with spectral normalization; tfjs-layers' conv2d arguments plus SpectralNormArgs. */
export function spectralConv2d(args: Conv2DArgs & SpectralNormArgs): tf.layers.Layer {
  return new SpectralConv2D(args);
}

/** A Dense layer with spectral normalization; tfjs-layers' dense arguments plus SpectralNormArgs. */
export function spectralDense(args: DenseArgs & SpectralNormArgs): tf.layers.Layer {
  return new SpectralDense(args);
}
