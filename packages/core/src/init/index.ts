export { VarianceScaling, varianceScalingDefaults, resolveVarianceScalingConfig, computeFans } from './variance-scaling';
export type { VarianceScalingConfig, Initializer } from './variance-scaling';
export { heNormal, heUniform } from './he';
export { glorotUniform, glorotNormal } from './glorot';
export { initializerFor } from './initializer-for';
