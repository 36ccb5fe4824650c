/** The spaces, one per file. */
export { Discrete } from './discrete';
export { Box, type BoxConfig } from './box';
export { MultiBinary } from './multi-binary';
export { Dict, isSpace } from './dict';
export { allocate, dtypeOf, type TypedArray, type TypedArrayOf, type ArrayDtype } from './typed-array';
