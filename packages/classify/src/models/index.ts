export { checkClassifierModelConfig, type ClassifierModelConfig } from './classifier-model-config';
export { vggNet, vggNetDefaults, resolveVggNetConfig, type VggNetConfig } from './vgg-net';
export { resNet, resNetDefaults, resolveResNetConfig, type ResNetConfig } from './res-net';
export { inceptionNet, inceptionNetDefaults, resolveInceptionNetConfig, inceptionNetModules, type InceptionNetConfig } from './inception-net';
export { mlp, mlpDefaults, resolveMlpConfig, type MlpConfig } from './mlp';
export { classifierModels, classifierModelNames, buildClassifier, countParameters, type ClassifierModelSpec, type ClassifierModelName } from './model-registry';
