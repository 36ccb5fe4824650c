/** @deeper/dcgan: Deep Convolutional GANs (Radford, Metz & Chintala 2016). */
export { dcganGenerator, dcganGeneratorDefaults, resolveDcganGeneratorConfig, type DcganGeneratorConfig } from './dcgan-generator';
export { dcganDiscriminator, dcganDiscriminatorDefaults, resolveDcganDiscriminatorConfig, type DcganDiscriminatorConfig } from './dcgan-discriminator';
export { dcganInitializer, dcganInitNames, type DcganInit } from './dcgan-initializer';
export { buildDcgan, dcganDefaults, resolveDcganConfig, dcganNetworkConfigs, dcganLevels, dcganImageSizes, type DcganConfig } from './dcgan-config';
export { GanDataError, GanTrainingError } from './errors';
export type { GanEvent, GanStepEvent, GanSamplesEvent, GanCheckpointEvent, GanResumeEvent, GanEpochEvent, GanDoneEvent } from './gan-event';
export { ganStep, type GanPair, type GanStepResult } from './gan-step';
export { loadGanImages, loadGanImagesDefaults, resolveLoadGanImagesConfig, ganDatasetNames, type GanImages, type GanDatasetName, type LoadGanImagesConfig } from './gan-images';
export { imageGridPng } from './image-grid';
export { latentPoints, latentDistributions, type LatentDistribution } from './latent-points';
export { saveGanCheckpoint, loadGanCheckpoint, latestGanCheckpoint, generatorWeightsDir, generatorEmaDir, ganCheckpointEma, loadGeneratorEma, type GanLoopState } from './gan-checkpoint';
export { GeneratorEma, emaDecayAt } from './generator-ema';
export { trainDcgan, trainDcganDefaults, resolveTrainDcganConfig, ganModelConfig, sampleInputs, generate, stepSeed, type TrainDcganConfig, type TrainDcganRuntime } from './train-dcgan';
export { ganMetricsOf, ganProgressView, ganCurves } from './gan-subscribers';
export { gaussianStats, frechetDistance, type GaussianStats } from './frechet-distance';
export { modeCoverage, type ModeCoverage } from './mode-coverage';
export { featureClassifier, classifyImages, generateImages, scoreGan, scoreGanDefaults, type FeatureClassifier, type ScoreGanConfig, type RealImages, type GanScore } from './gan-score';
export { classBalancedPrefix } from './class-balanced-prefix';
