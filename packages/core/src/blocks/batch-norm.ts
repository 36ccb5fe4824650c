/**
 * Batch normalisation (Ioffe & Szegedy 2015) as tfjs-layers' `BatchNormalization`, with
 * its training pass as one op whose gradient is the paper's closed form.
 *
 * tfjs-layers normalises a training batch with `moments` and `batchNorm`, and its gradient
 * then runs back through each of them: about seventeen activation-sized passes a layer per
 * step (the moments' means, the centring, the square, the gradients of each, and their
 * sum), which made batch norm the largest cost of a ResNet-20 step after the convolutions
 * on wasm. Here the forward pass makes the batch statistics once, and the backward pass
 * is Algorithm 1's derivative,
 *
 *   x̂ = (x − μ_B) / √(σ²_B + ε),   y = γ x̂ + β,
 *   ∂ℓ/∂β = Σ dy,   ∂ℓ/∂γ = Σ dy · x̂,
 *   ∂ℓ/∂x = γ / √(σ²_B + ε) · (dy − Σ dy / m − x̂ · Σ(dy · x̂) / m),
 *
 * with Σ over the m positions of the batch (all axes but the channels): seven passes.
 *
 * Everything else is tfjs-layers' class itself (this one extends it): the weights and their
 * order (γ, β, moving mean, moving variance), `getConfig`, inference with the moving
 * statistics, and the moving averages, updated as tfjs-layers does (new = old − (old − batch)
 * · (1 − momentum), with the batch's biased variance). Its class name stays
 * `BatchNormalization`, so saved models load into either class; this package registers it
 * for that name, so models loaded with `loadModel` train with it too. Cases other than a
 * training pass normalised over the last axis with both γ and β go to tfjs-layers' code.
 */
import * as tf from '@tensorflow/tfjs';

/** The fields of tfjs-layers' BatchNormalization this class reads (its own are not exported as types). */
interface BatchNormalizationFields {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

type LayerCall = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

/** tfjs-layers' BatchNormalization class, which the package does not export by name. */
const TfjsBatchNormalization = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as {
  new (args?: Parameters<typeof tf.layers.batchNormalization>[0]): tf.layers.Layer;
  className: string;
};

/** A training batch's normalised output and its statistics (μ_B, σ²_B), which the caller disposes. */
export interface BatchNormTraining {
  y: tf.Tensor;
  mean: tf.Tensor;
  variance: tf.Tensor;
}

/**
 * Normalises x ([..., C]) over every axis but the last with the batch's own statistics, then
 * scales by γ and shifts by β ([C] each); differentiable in x, γ and β with the closed-form
 * gradient above. `mean` and `variance` carry no gradient.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): BatchNormTraining {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  let batchMean: tf.Tensor | undefined;
  let batchVariance: tf.Tensor | undefined;
  const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xIn, g, b] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const mean = tf.mean(xIn, axes);
    const variance = tf.mean(tf.square(tf.sub(xIn, mean)), axes);
    // y = γ (x − μ_B) / √(σ²_B + ε) + β, one per-channel affine pass.
    const y = tf.batchNorm(xIn, mean, variance, b, g, epsilon);
    batchMean = tf.keep(mean);
    batchVariance = tf.keep(variance);
    save([xIn, mean, variance, g]);
    return {
      value: y,
      gradFunc: (dyIn: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const dy = dyIn as tf.Tensor;
        const [xSaved, mu, sigma2, gammaSaved] = saved;
        const m = xSaved.size / xSaved.shape[xSaved.shape.length - 1];
        // x̂ = (x − μ_B) r with r = 1/√(σ²_B + ε), again one per-channel affine pass.
        const r = tf.rsqrt(tf.add(sigma2, tf.scalar(epsilon)));
        const xHat = tf.batchNorm(xSaved, mu, sigma2, undefined, undefined, epsilon);
        const dBeta = tf.sum(dy, axes);
        const dGamma = tf.sum(tf.mul(dy, xHat), axes);
        // ∂ℓ/∂x = dy · a + x̂ · b + c with a = γ r, b = −γ r Σ(dy x̂)/m, c = −γ r Σdy/m.
        const a = tf.mul(gammaSaved, r);
        const b = tf.neg(tf.mul(a, tf.div(dGamma, tf.scalar(m))));
        const c = tf.neg(tf.mul(a, tf.div(dBeta, tf.scalar(m))));
        const dx = tf.add(tf.mul(dy, a), tf.add(tf.mul(xHat, b), c));
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = normalize(x, gamma, beta);
  return { y, mean: batchMean as tf.Tensor, variance: batchVariance as tf.Tensor };
}

/** tfjs-layers' BatchNormalization with the fused training pass (see the file comment). */
export class BatchNormalization extends TfjsBatchNormalization {
  static override className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as BatchNormalizationFields;
    const input = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = self.axis === -1 || self.axis === input.shape.length - 1;
    if (kwargs.training !== true || !lastAxis || !self.gamma || !self.beta || input.dtype !== 'float32' || input.shape.length < 2) {
      return (super.call as LayerCall).call(this, inputs, kwargs);
    }
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(input, self.gamma!.read(), self.beta!.read(), self.epsilon);
      // The moving statistics, as tfjs-layers updates them: old − (old − batch) · (1 − momentum).
      for (const [variable, value] of [[self.movingMean, mean], [self.movingVariance, variance]] as const) {
        tf.tidy(() => {
          const old = variable.read();
          variable.write(tf.sub(old, tf.mul(tf.sub(old, value), tf.scalar(1 - self.momentum))));
        });
      }
      tf.dispose([mean, variance]);
      return y;
    });
  }
}
tf.serialization.registerClass(BatchNormalization as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);

/** A `BatchNormalization` layer; the arguments are tfjs-layers' `batchNormalization`'s. */
export function batchNormalization(args: Parameters<typeof tf.layers.batchNormalization>[0] = {}): tf.layers.Layer {
  return new BatchNormalization(args);
}
