/**
 * deeper's training kernels for the tfjs wasm backend.
 *
 * tfjs-backend-wasm 4.22 runs inference fast (XNNPACK, SIMD) but cannot train most models:
 * four gradient kernels are missing (tfjs issues #8474, #8082) and transposed matmuls — every
 * dense backward pass — fall off XNNPACK's fast path. Each kernel here is registered with
 * `tf.registerKernel` and composed from the wasm backend's own XNNPACK kernels (convolution,
 * depthwise convolution, pad, sum, one-hot, GEMM) or from deeper's own WebAssembly kernels
 * (native/), never a JS loop over a tensor:
 *
 * - `Conv2DBackpropFilter`: deeper's native GEMM over every output position, read in place
 *   and shared across the backend's threads (multiples of 4 output channels); otherwise
 *   one XNNPACK convolution of x (batch and channels swapped) with dy as the filter,
 *   dilation = stride.
 * - `Conv2DBackpropInput` (replaces the stock direct loop): one stride-1 convolution of the
 *   zero-upsampled dy with the rotated filter.
 * - `DepthwiseConv2dNativeBackpropFilter`: one depthwise convolution with the batch folded
 *   into the channels, then a Sum over the batch.
 * - `DepthwiseConv2dNativeBackpropInput`: one depthwise convolution of the upsampled dy
 *   with the rotated filter (plus a Sum over the channel multiplier when it is > 1).
 * - `UnsortedSegmentSum` (gradient of gather): oneHot(ids)ᵀ · x as one GEMM.
 * - `BatchMatMul`, `_FusedMatMul` (replace the stock ones): explicit transposes, then the
 *   untransposed GEMM.
 * - `Sum` over leading axes (every bias gradient; replaces the stock one): one XNNPACK
 *   average pooling over x viewed as a single-window image, times the window size, instead
 *   of a transpose and a reduction.
 * - `Identity` (replaces the stock one, which copies): shares the buffer and counts a
 *   reference; the engine clones every tensor a gradient keeps through it.
 * - `MaxPoolGrad` (replaces the stock one, which misroutes gradients in many shapes),
 *   and `Transpose` (replaces the stock one, which moves one element at a time):
 *   memory-bound passes that no XNNPACK kernel composes well, so they are
 *   deeper's own C compiled to WebAssembly SIMD (native/kernels.c) and run on the wasm
 *   heap in place (native-kernels.ts). `Slice` (rank ≤ 4) and ReLU's gradient (a kernel
 *   of deeper's own, `DeeperReluGrad`, which deeper's gradient of `Relu` calls where the
 *   backend has it) are native too.
 * - A per-channel vector added to, multiplied with or subtracted from an activation (a
 *   layer's bias, batch norm's shapes): `Add`, `Multiply` and `Sub`,
 *   and `FusedBatchNorm` itself, as one native per-channel affine pass (channel-affine.ts);
 *   `Mean` over leading axes (the moments) as `Sum`'s XNNPACK pooling (mean.ts); and a
 *   gradient of `FusedBatchNorm` without tfjs's activation-sized `Tile` (batch-norm-grad.ts).
 *   `Cast` to the same dtype shares the buffer (cast.ts); `Mean`'s and `Sum`'s gradients
 *   over leading axes repeat dy with `DeeperRepeatRows` (reduction-grads.ts, repeat-rows.ts)
 *   instead of multiplying by a ones tensor filled in JavaScript.
 *   Before them, batch norm took most of a ResNet-20 training step here (the Tile alone
 *   1,115 of 1,981 ms; `experiments/classify-profile-step.ts --models resnet20`).
 * - `Square` (replaces the stock one, which stalls for milliseconds on small tensors with
 *   two threads): the stock Multiply of x by itself.
 *
 * The cpu fallback (run-on-cpu.ts) serves only NCHW `Conv2DBackprop*`, int32
 * `UnsortedSegmentSum`, non-float32 `MaxPoolGrad` and explicit paddings larger than the
 * filter.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedBatchNormGradConfig } from './batch-norm-grad';
import { castConfig } from './cast';
import { addConfig, fusedBatchNormConfig, multiplyConfig, subConfig } from './channel-affine';
import { batchMatMulConfig } from './batch-mat-mul';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilterConfig } from './depthwise-conv2d-backprop-filter';
import { depthwiseConv2dBackpropInputConfig } from './depthwise-conv2d-backprop-input';
import { fusedMatMulConfig } from './fused-mat-mul';
import { fusedOptimizerStepConfigs } from './fused-optimizer-step';
import { identityConfig } from './identity';
import { maxPoolGradConfig } from './max-pool-grad';
import { meanConfig } from './mean';
import { meanGradConfig, sumGradConfig } from './reduction-grads';
import { reluGradConfig, reluGradGradConfig, reluGradKernelConfig } from './relu-grad';
import { repeatRowsGradConfig, repeatRowsKernelConfig } from './repeat-rows';
import { sliceConfig } from './slice';
import { squareConfig } from './square';
import { sumConfig } from './sum';
import { transposeConfig } from './transpose';
import { unsortedSegmentSumConfig } from './unsorted-segment-sum';
import { saveStockWasmKernel } from './wasm-kernel-scope';

/** Every kernel deeper registers on wasm, in registration order. */
export const wasmTrainingKernels: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  depthwiseConv2dBackpropFilterConfig,
  depthwiseConv2dBackpropInputConfig,
  unsortedSegmentSumConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  sumConfig,
  maxPoolGradConfig,
  identityConfig,
  transposeConfig,
  addConfig,
  sliceConfig,
  reluGradKernelConfig,
  squareConfig,
  multiplyConfig,
  subConfig,
  fusedBatchNormConfig,
  meanConfig,
  castConfig,
  repeatRowsKernelConfig,
  ...fusedOptimizerStepConfigs,
];

/**
 * Registers deeper's wasm training kernels, once. Stock kernels being replaced are saved
 * first, keeping their `setupFunc` so that a wasm backend created later (after
 * `releaseBackend`) still binds them to its new module.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of wasmTrainingKernels) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    const stock = current ? saveStockWasmKernel(config.kernelName) : undefined;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel({ ...config, setupFunc: stock?.setupFunc });
  }
  // Relu's gradient runs ReluGrad where the active backend has it, else the stock formula.
  tf.registerGradient(reluGradConfig);
  tf.registerGradient(reluGradGradConfig);
  // Batch norm's gradient without tfjs's activation-sized Tile (batch-norm-grad.ts).
  tf.registerGradient(fusedBatchNormGradConfig);
  // Mean's and Sum's gradients over leading axes without a ones tensor filled in JavaScript.
  tf.registerGradient(meanGradConfig);
  tf.registerGradient(sumGradConfig);
  tf.registerGradient(repeatRowsGradConfig);
}
