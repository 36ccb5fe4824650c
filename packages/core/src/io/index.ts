export { writeFileAtomic } from './atomic-write';
export type { FileContents } from './atomic-write';
export { fileSystemHandler, fileSystemHandlerDefaults, resolveFileSystemHandlerConfig, modelFiles } from './file-system-handler';
export type { FileSystemHandlerConfig, FileSystemIOHandler } from './file-system-handler';
export { saveModel, loadModel, loadWeightsInto, saveModelDefaults, loadModelDefaults, loadWeightsDefaults } from './save-model';
export type { SaveModelConfig, LoadModelConfig, LoadWeightsConfig } from './save-model';
export { saveOptimizer, loadOptimizer, optimizerFiles } from './optimizer-checkpoint';
