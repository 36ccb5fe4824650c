/**
 * @deeper/classify: the public entry. Each area keeps its own barrel (`./<area>/index`);
 * this file re-exports them.
 */
export { DatasetError, readIdx, readIdxFile, loadFashionMnist, loadFashionMnistDefaults, resolveLoadFashionMnistConfig, fashionMnistClassNames, loadMnist, loadMnistDefaults, resolveLoadMnistConfig, mnistClassNames, loadDataset, datasetNames, type IdxArray, type IdxData, type ImageDataset, type LoadFashionMnistConfig, type LoadMnistConfig, type DatasetName, type LoadDatasetOptions,
  channelsOf, imageShapeOf, loadIdxDirectory, loadIdxDirectoryDefaults, resolveLoadIdxDirectoryConfig, findIdxPair, loadCifar10, loadCifar10Defaults, resolveLoadCifar10Config, cifar10ClassNames, findCifar10Folder,
  loadImageFolder, loadImageFolderDefaults, resolveLoadImageFolderConfig, classFolders, hasTrainTestFolders, readPngImage, decodePngImage, toChannels, encodePngImage, writePngImage, resizeImage, subsetDataset, shuffleDataset,
  splitDataset, splitDatasetDefaults, resolveSplitDatasetConfig, balancedSubset, datasetBatches, openDataset, openDatasetDefaults, resolveOpenDatasetConfig, datasetFormatOf,
  type LoadIdxDirectoryConfig, type LoadCifar10Config, type LoadImageFolderConfig, type PngImage, type SplitDatasetConfig, type DatasetBatch, type DatasetBatchesConfig, type OpenDatasetConfig, type OpenedDataset, type DatasetFormat } from './datasets/index';
export * from './models/index';
export { deepCnn, deepCnnDefaults, resolveDeepCnnConfig, type DeepCnnConfig } from './deep-cnn';
export { SeededDropout, type SeededDropoutArgs } from './seeded-dropout';
export { trainClassifier, trainClassifierDefaults, resolveTrainClassifierConfig, classifierData, type TrainClassifierConfig, type TrainClassifierRuntime, type TestEvent, type ClassifierEvent } from './train-classifier';
export { evaluateClassifier, predictProbabilities, scorePredictions, evaluateClassifierDefaults, type EvaluateClassifierConfig, type ClassifierEvaluation } from './evaluate-classifier';
export { augmentationNames, defaultAugmentationNames, buildAugmentation, checkAugmentationNames, isAugmentationName, type AugmentationName } from './classifier-augmentation';
export { trainImageClassifier, trainImageClassifierDefaults, resolveTrainImageClassifierConfig, classifierRunData, fitConfigFor, type TrainImageClassifierConfig, type ClassifierRunData, type EvaluationEvent, type ImageClassifierEvent } from './train-image-classifier';
export * from './render/index';
export { transferClassifier, transferClassifierDefaults, resolveTransferClassifierConfig, baseModelDirectory, withNewHead, transferData, type TransferClassifierConfig, type TransferEvent } from './transfer-classifier';
