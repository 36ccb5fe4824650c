/**
 * @deeper/classify: the public entry. Each area keeps its own barrel (`./<area>/index`);
 * this file re-exports them.
 */
export { DatasetError, readIdx, readIdxFile, loadFashionMnist, loadFashionMnistDefaults, resolveLoadFashionMnistConfig, fashionMnistClassNames, loadMnist, loadMnistDefaults, resolveLoadMnistConfig, mnistClassNames, loadDataset, datasetNames, type IdxArray, type IdxData, type ImageDataset, type LoadFashionMnistConfig, type LoadMnistConfig, type DatasetName, type LoadDatasetOptions } from './datasets/index';
export { deepCnn, deepCnnDefaults, resolveDeepCnnConfig, type DeepCnnConfig } from './deep-cnn';
export { SeededDropout, type SeededDropoutArgs } from './seeded-dropout';
export { trainClassifier, trainClassifierDefaults, resolveTrainClassifierConfig, classifierData, type TrainClassifierConfig, type TestEvent, type ClassifierEvent } from './train-classifier';
