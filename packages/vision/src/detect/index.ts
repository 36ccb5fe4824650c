/** The detection area of @deeper/vision: a single-shot detector, its matching, loss, decoding and VOC mAP. */
export { ssdAnchors, anchorsPerCell, type AnchorGrid } from './anchors';
export { encodeBox, decodeBox, centreVariance, sizeVariance } from './box-coding';
export { matchAnchors, type AnchorTargets } from './match-anchors';
export { multiboxLoss, smoothL1 } from './multibox-loss';
export { ssd, ssdDefaults, resolveSsdConfig, ssdGrids, type SsdConfig } from './ssd';
export { detectObjects, detectObjectsDefaults, resolveDetectObjectsConfig, type DetectObjectsConfig, type ImageDetection } from './detect-objects';
export { classIndexOf, checkDetectionData, detectionTargets, detectionBatch, type DetectionTargets } from './detection-batches';
export { evaluateDetection, type DetectionEvaluation } from './evaluate-detection';
export { trainDetection, trainDetectionDefaults, resolveTrainDetectionConfig, type TrainDetectionConfig, type DetectionEvalEvent, type DetectionEvent } from './train-detection';
export { averagePrecision, meanAveragePrecision, type Detection, type GroundTruth, type MeanAveragePrecision } from './voc-map';
