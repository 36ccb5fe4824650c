/** The style-transfer area of @deeper/vision: Gatys et al.'s losses, the feature network, L-BFGS and the optimisation stream. */
export { gramMatrix, styleLayerLoss, contentLoss, totalVariation } from './gram-matrix';
export { Lbfgs, lbfgsDefaults, resolveLbfgsConfig, type LbfgsConfig, type Objective } from './lbfgs';
export { styleNet, styleNetDefaults, resolveStyleNetConfig, styleNetLayers, normaliseActivations, type StyleNetConfig } from './style-net';
export { styleTransfer, styleTransferDefaults, resolveStyleTransferConfig, styleLosses, defaultStyleLayers, type StyleTransferConfig, type StyleEvent, type StyleStepEvent, type StyleImageEvent } from './style-transfer';
export { encoderFeatures } from './encoder-features';
