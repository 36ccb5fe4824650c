import { depthwiseConv2dBackpropInputConfig } from '../../../../packages/core/src/backend/wasm-kernels/depthwise-conv2d-backprop-input';
import { useWasm } from './compare-with-cpu';
import { runDepthwiseBackpropSuite } from './depthwise-backprop-suite';

await useWasm();
runDepthwiseBackpropSuite('Input', depthwiseConv2dBackpropInputConfig);
