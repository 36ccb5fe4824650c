/** The captioning area of @deeper/vision: NIC, teacher forcing, greedy and beam decoding, BLEU, CIDEr-D and truthfulness. */
export { tokenize, ngramCounts } from './tokenize';
export { corpusBleu } from './bleu';
export { ciderD } from './cider';
export { parseShapeCaption, parseShapeFacts, isTruthful, factAccuracy, type FactAccuracy } from './truthfulness';
export { Vocabulary, pad, start, end, unknown } from './vocabulary';
export { nic, nicDefaults, resolveNicConfig, wordLogits, type NicConfig } from './nic';
export { greedyDecode, beamSearch, beamCandidates, decodeDefaults, resolveDecodeOptions, type BeamCaption, type DecodeOptions } from './caption-decoding';
export { captionerEnsemble, type Captioner } from './captioner-ensemble';
export { captionerStandingStatistics, captionerStandingStatisticsDefaults, type CaptionerStandingStatisticsConfig } from './captioner-standing-statistics';
export { evaluateCaptioner, scoreCaptions, type CaptionData, type CaptionerEvaluation } from './evaluate-captioner';
export { trainCaptioner, trainCaptionerDefaults, resolveTrainCaptionerConfig, teacherForcing, dropWords, captionLoss, type TrainCaptionerConfig, type CaptioningEvalEvent, type CaptionerEvent } from './train-captioner';
