/**
 * @deeper/core: the public entry. Each area keeps its own barrel (`./<area>/index`);
 * this file re-exports them.
 */
export { DeeperError, ConfigError, UnknownFieldError, BackendUnavailableError, CheckpointError, ShapeError, describeValue } from './errors';
export { resolveConfig, checkInteger, checkNumber, checkOneOf } from './config';
export { selectBackend, releaseBackend, resolveSelectBackendOptions, selectBackendDefaults, backendNames, wasmBinaryFolder, registerWasmTrainingKernels, wasmTrainingKernels, type BackendName, type BackendReport, type SelectBackendOptions } from './backend/index';
export { convBnRelu, convBnReluDefaults, resolveConvBnReluConfig, vggStack, vggStackDefaults, resolveVggStackConfig, residualBlock, residualBlockDefaults, resolveResidualBlockConfig, bottleneckExpansion, inceptionBlock, inceptionBlockDefaults, resolveInceptionBlockConfig, inceptionChannels, upsampleBlock, upsampleBlockDefaults, resolveUpsampleBlockConfig, denseHead, denseHeadDefaults, resolveDenseHeadConfig, type ConvBnReluConfig, type VggStackConfig, type ResidualBlockConfig, type InceptionBlockConfig, type UpsampleBlockConfig, type DenseHeadConfig } from './blocks/index';
export { VarianceScaling, varianceScalingDefaults, resolveVarianceScalingConfig, computeFans, heNormal, heUniform, glorotUniform, glorotNormal, initializerFor, type VarianceScalingConfig, type Initializer } from './init/index';
export { writeFileAtomic, fileSystemHandler, fileSystemHandlerDefaults, resolveFileSystemHandlerConfig, modelFiles, saveModel, loadModel, loadWeightsInto, saveModelDefaults, loadModelDefaults, loadWeightsDefaults, saveOptimizer, loadOptimizer, optimizerFiles, type FileContents, type FileSystemHandlerConfig, type FileSystemIOHandler, type SaveModelConfig, type LoadModelConfig, type LoadWeightsConfig } from './io/index';
export { toHalfBits, fromHalfBits, roundHalf, float32ToFloat16, float16ToFloat32, roundToHalfPrecision, roundToHalf, evaluateInHalfPrecision } from './fp16/index';
export { Ensemble, ensemblePredict, ensembleDefaults, type EnsembleConfig } from './ensemble/index';
