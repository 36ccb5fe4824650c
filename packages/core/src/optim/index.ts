export { optimizerNames, optimizerDefaults, resolveOptimizerConfig } from './optimizer-config';
export type { OptimizerName, OptimizerConfig, OptimizerOptions } from './optimizer-config';
export { SlotOptimizer, type FusedUpdateArgs, type NamedTensor, type SlotUpdate, type SlotUpdateArgs } from './slot-optimizer';
export { AdamOptimizer, type AdamHyperparameters } from './adam-optimizer';
export { SgdOptimizer, type SgdHyperparameters } from './sgd-optimizer';
export { AdagradOptimizer, type AdagradHyperparameters } from './adagrad-optimizer';
export { RmspropOptimizer, type RmspropHyperparameters } from './rmsprop-optimizer';
export { clipGradients, type ClipGradientsConfig } from './clip-gradients';
export { createOptimizer, type TrainingOptimizer } from './create-optimizer';
