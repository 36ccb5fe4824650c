/** The registry: versioned ids, `register`, `make`, `listEnvs`. */
export type { EnvSpec } from './env-spec';
export { register, getSpec } from './registry';
export { make, findSpec, closeMatches, editDistance, type MakeConfig } from './make';
export { listEnvs } from './list-envs';
export { parseEnvId, type EnvId } from './env-id';
export { resolveEnvOptions, checkEnvInteger, checkEnvNumber, checkEnvBoolean, describeValue } from './env-options';
