/**
 * The gradient of `FusedBatchNorm` (replaces tfjs's), y = (x − μ) · r · γ + β with
 * r = 1/√(σ² + ε), the op every batch-norm layer runs.
 *
 * tfjs 4.22 computes dx for per-channel statistics by tiling r to the whole activation
 * (`tile(reshape(r, [1, 1, 1, C]), [N, H, W, 1])`) before multiplying. On wasm that `Tile`
 * is an element-at-a-time loop: in a ResNet-20 training step it took 1,115 of 1,981 ms
 * (`experiments/classify-profile-step.ts --models resnet20`). It also evaluates each of
 * the five derivatives with activation-sized products of its own. Here every per-channel
 * factor stays per-channel, broadcast by the multiply itself, and the two activation-sized
 * sums the derivatives share are computed once:
 *
 *   dx = dy · (r γ)
 *   dμ = −(r γ) · Σ dy
 *   dσ² = −½ r³ γ · Σ (x − μ) dy
 *   dγ = r · Σ (x − μ) dy
 *   dβ = Σ dy
 *
 * Σ runs over the axes along which each statistic was broadcast to x (all but the channel
 * axis for per-channel statistics), so the formula holds for any broadcastable shapes of
 * μ, σ², γ and β, not only rank 1 and rank-of-x as tfjs's does. Five activation-sized
 * passes remain (x − μ, its product with dy, two sums, dx), against about a dozen and the
 * tile before.
 */
import * as tf from '@tensorflow/tfjs';

/** Sums t over the axes along which a tensor of `shape` was broadcast to t's shape, then reshapes to `shape`. */
function sumToShape(t: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, t.shape);
  const summed = axes.length > 0 ? tf.sum(t, axes) : t;
  return tf.reshape(summed, shape);
}

/** The gradient of `FusedBatchNorm` (replaces tfjs's; see the file comment). */
export const fusedBatchNormGradConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dyIn, saved, attrs) => {
    const dy = dyIn as tf.Tensor;
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved;
    const gamma = scale ?? tf.scalar(1);
    // r = 1/√(σ² + ε) and r γ, both per statistic (per channel), never activation-sized.
    const r = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const rGamma = tf.mul(r, gamma);
    // The two activation-sized sums the derivatives share. They are made here, not inside the
    // derivatives: the engine runs each derivative in a tidy of its own, which would dispose a
    // value one derivative made before the next could use it. γ and β have the statistics'
    // shape (tfjs's batchNorm asserts that their ranks agree).
    const sumDy = sumToShape(dy, mean.shape);
    const sumDyCentered = sumToShape(tf.mul(dy, tf.sub(x, mean)), mean.shape);
    return {
      x: () => tf.reshape(tf.mul(dy, rGamma), x.shape),
      mean: () => tf.reshape(tf.neg(tf.mul(rGamma, sumDy)), mean.shape),
      variance: () => {
        const minusHalfRCubedGamma = tf.mul(tf.mul(tf.mul(r, tf.square(r)), gamma), tf.scalar(-0.5));
        return tf.reshape(tf.mul(minusHalfRCubedGamma, sumDyCentered), variance.shape);
      },
      scale: () => tf.reshape(tf.mul(r, sumDyCentered), mean.shape),
      offset: () => tf.reshape(sumDy, mean.shape),
    };
  },
};
