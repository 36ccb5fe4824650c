/**
 * The CIFAR ResNets of He et al. 2016 ("Deep Residual Learning", §4.2): a 3×3 convolution
 * with 16 filters, then three stages of n basic residual blocks with 16, 32 and 64 filters
 * on maps of 32, 16 and 8 pixels (28, 14 and 7 for 28×28 inputs), global average pooling
 * and a softmax layer: 6n + 2 weighted layers. n = 3 is ResNet-20 (0.27 M parameters in
 * the paper's Table 6), n = 5 ResNet-32, n = 9 ResNet-56.
 *
 * Deviation: where a stage doubles the channels, the shortcut is a 1×1 projection with
 * batch norm (the paper's option B, @deeper/core's residualBlock) rather than the zero-padded
 * identity (option A) used for CIFAR; it adds 2 × (1×1 conv + BN) ≈ 3 k parameters.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, convBnRelu, denseHead, resolveConfig, residualBlock } from '@deeper/core';
import { checkClassifierModelConfig, type ClassifierModelConfig } from './classifier-model-config';

export interface ResNetConfig extends ClassifierModelConfig {
  /** Blocks per stage, n; default 3 (ResNet-20). */
  blocksPerStage: number;
  /** Filters of the three stages; default [16, 32, 64] (He et al. 2016, §4.2). */
  stageFilters: [number, number, number];
}

export const resNetDefaults: ResNetConfig = { inputShape: [32, 32, 3], classes: 10, seed: 0, blocksPerStage: 3, stageFilters: [16, 32, 64] };

const who = 'resNet';

export function resolveResNetConfig(partial: Partial<ResNetConfig> = {}): ResNetConfig {
  const c = checkClassifierModelConfig(who, resolveConfig(who, resNetDefaults, partial));
  checkInteger(who, 'blocksPerStage', c.blocksPerStage, 1);
  c.stageFilters.forEach((f, i) => checkInteger(who, `stageFilters[${i}]`, f, 1));
  checkInteger(who, 'inputShape[0]', c.inputShape[0], 8);
  checkInteger(who, 'inputShape[1]', c.inputShape[1], 8);
  return c;
}

export function resNet(partial: Partial<ResNetConfig> = {}): tf.LayersModel {
  const c = resolveResNetConfig(partial);
  const input = tf.input({ shape: c.inputShape });
  let x = convBnRelu(input, { filters: c.stageFilters[0], kernelSize: 3, seed: c.seed * 1009 });
  c.stageFilters.forEach((filters, stage) => {
    for (let b = 0; b < c.blocksPerStage; b++) {
      x = residualBlock(x, { kind: 'basic', filters, strides: stage > 0 && b === 0 ? 2 : 1, seed: c.seed * 1009 + 11 + 37 * (stage * c.blocksPerStage + b) });
    }
  });
  const output = denseHead(x, { hidden: [], outputs: c.classes, dropout: 0, reduce: 'globalAverage', outputActivation: 'softmax', seed: c.seed * 1009 + 5 });
  return tf.model({ inputs: input, outputs: output, name: `resnet${6 * c.blocksPerStage + 2}` });
}
