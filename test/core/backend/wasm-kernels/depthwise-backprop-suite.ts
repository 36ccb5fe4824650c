/**
 * The shared suite of the two depthwise backprop kernels on wasm: each is compared with the
 * cpu backend over the conv grid, with an undilated reference for dilation, and checked for
 * leaks. `Filter` and `Input` differ only in which gradient the kernel returns.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { convCases, dilatedDepthwiseReference, leaksOnWasm, relativeDifference, relativeError, runKernelOnWasm, values, type Inputs } from './compare-with-cpu';

type Side = 'Filter' | 'Input';

function problem(side: Side, c: ReturnType<typeof convCases>[number], dilation = 1, multiplier = c.outChannels === 1 ? 1 : 2) {
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, multiplier];
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, c.stride, dilation, c.pad, undefined, true);
  const dy = { shape: info.outShape, data: values(tf.util.sizeFromShape(info.outShape), 5) };
  const attrs = { strides: [c.stride, c.stride], dilations: [dilation, dilation], pad: c.pad };
  const inputs: Inputs = side === 'Filter'
    ? { x: { shape: xShape, data: values(tf.util.sizeFromShape(xShape), 6) }, dy }
    : { dy, filter: { shape: filterShape, data: values(tf.util.sizeFromShape(filterShape), 7) } };
  return { inputs, attrs: side === 'Filter' ? { ...attrs, filterShape } : { ...attrs, inputShape: xShape } };
}

/** Defines and runs the suite for `DepthwiseConv2dNativeBackprop<side>`, whose registered config is `config`. */
export function runDepthwiseBackpropSuite(side: Side, config: { kernelFunc: unknown }): void {
  const kernel = `DepthwiseConv2dNativeBackprop${side}`;
  const depthwise = suite(`depthwiseConv2dBackprop${side}Wasm`);

  depthwise('is the kernel registered for ' + kernel + ' on wasm', () => {
    assert.is(tf.getKernel(kernel, 'wasm')?.kernelFunc, config.kernelFunc);
  });

  depthwise('matches the cpu backend over strides 1/2, same/valid, kernels 1/3/5, odd sizes, batch 1 and 3, channels and multipliers 1 and >1', () => {
    for (const c of convCases()) {
      const { inputs, attrs } = problem(side, c);
      const error = relativeError(kernel, inputs, attrs);
      assert.ok(error <= 1e-4, `${JSON.stringify(c)}: relative error ${error}`);
    }
  });

  depthwise('matches an undilated cpu reference with dilation 2 and 3 (stride 1, same and valid)', () => {
    for (const dilation of [2, 3]) {
      for (const pad of ['same', 'valid'] as const) {
        const c = { batch: 2, height: 11, width: 10, inChannels: 3, outChannels: 2, kernel: 3, stride: 1, pad };
        const { inputs, attrs } = problem(side, c, dilation);
        const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
        const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inChannels, 2];
        const x = tf.tensor(values(tf.util.sizeFromShape(xShape), 6), xShape) as tf.Tensor4D;
        const filter = tf.tensor(values(tf.util.sizeFromShape(filterShape), 7), filterShape) as tf.Tensor4D;
        const dy = tf.tensor4d(inputs.dy.data, inputs.dy.shape as [number, number, number, number]);
        const expected = dilatedDepthwiseReference(x, filter, dy, dilation, pad)[side === 'Filter' ? 1 : 0];
        const made = side === 'Filter' ? { x, dy } : { dy, filter };
        const out = tf.engine().runKernel(kernel, made as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
        const error = relativeDifference(out.dataSync(), expected);
        tf.dispose([x, filter, dy, out]);
        assert.ok(error <= 1e-4, `dilation ${dilation} ${pad}: relative error ${error}`);
      }
    }
  });

  depthwise('leaks no tensors, wasm data or heap across repeated calls', () => {
    const { inputs, attrs } = problem(side, { batch: 4, height: 9, width: 9, inChannels: 3, outChannels: 2, kernel: 3, stride: 2, pad: 'same' });
    assert.is(leaksOnWasm(() => runKernelOnWasm(kernel, inputs, attrs)), undefined);
  });

  depthwise.run();
}
