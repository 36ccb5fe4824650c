export { Ensemble, ensemblePredict, ensembleDefaults } from './ensemble';
export type { EnsembleConfig } from './ensemble';
