import { depthwiseConv2dBackpropFilterConfig } from '../../../../packages/core/src/backend/wasm-kernels/depthwise-conv2d-backprop-filter';
import { useWasm } from './compare-with-cpu';
import { runDepthwiseBackpropSuite } from './depthwise-backprop-suite';

await useWasm();
runDepthwiseBackpropSuite('Filter', depthwiseConv2dBackpropFilterConfig);
