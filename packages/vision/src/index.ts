/**
 * @deeper/vision: the public entry. Each area keeps its own barrel (`./<area>/index`);
 * this file re-exports them.
 */
export { VisionDataError } from './errors';
export * from './datasets/index';
export * from './segment/index';
