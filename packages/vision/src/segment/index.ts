/** The segmentation area of @deeper/vision: FCN-8s, its loss, metrics and training stream. */
export { bilinearWeights, bilinearKernel } from './bilinear-kernel';
export { fcn8s, fcn8sDefaults, resolveFcn8sConfig, type Fcn8sConfig } from './fcn8s';
export { pixelCrossEntropy } from './pixel-cross-entropy';
export { ConfusionMatrix, segmentationMetrics, type SegmentationMetrics } from './segmentation-metrics';
export { checkSegmentationData, segmentationBatch } from './segmentation-batches';
export { evaluateSegmentation, predictMasks, type SegmentationEvaluation } from './evaluate-segmentation';
export { trainSegmentation, trainSegmentationDefaults, resolveTrainSegmentationConfig, type TrainSegmentationConfig, type SegmentationEvalEvent, type SegmentationEvent } from './train-segmentation';
