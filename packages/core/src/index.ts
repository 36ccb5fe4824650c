/**
 * @deeper/core: the public entry. Each area keeps its own barrel (`./<area>/index`);
 * this file re-exports them.
 */
export { DeeperError, ConfigError, UnknownFieldError, BackendUnavailableError, CheckpointError, ShapeError, describeValue } from './errors';
export { resolveConfig, checkInteger, checkNumber, checkOneOf } from './config';
