/**
 * deeper's Node-API addon kernels (packages/core/src/backend/addon-kernels) against the cpu
 * backend: every kernel, on every micro-kernel path this CPU runs (portable, AVX2+FMA,
 * AVX-512), on one thread and on two, over strides, paddings (same, valid, explicit),
 * dilations, kernel sizes, odd sizes, batch 1 and channel counts off the 16-wide tile.
 * Skipped (and said so) only where no addon loads: the wasm kernels then run, and their
 * own tests cover them.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { addonKernels, loadedAddon, registerAddonKernels, setAddonPath } from '../../../packages/core/src/backend/addon-kernels/index';
import { relativeDifference, relativeError, values, type Inputs } from './wasm-kernels/compare-with-cpu';

delete process.env.DEEPER_NATIVE;
delete process.env.DEEPER_NATIVE_KERNELS;
await selectBackend('wasm', { quiet: true, threads: 1 });
const line = registerAddonKernels(1);
const addon = loadedAddon();
const paths = addon ? (['portable', 'avx2', 'avx512'] as const).filter((p) => setAddonPath(p)) : [];
if (addon) setAddonPath(addon.info().bestPath);

const test = suite('addon kernels');
const tolerance = 1e-4;

type Case = { batch: number; height: number; width: number; inC: number; outC: number; kernel: number; stride: number; dilation: number; pad: 'same' | 'valid' | number[][] };

/** The grid: strides 1/2/3, same/valid/explicit padding, dilation 1/2, kernels 1/3/5, odd sizes, batch 1 and 3. */
function cases(withDilation: boolean): Case[] {
  const out: Case[] = [];
  const channels = [[1, 1], [3, 5], [4, 16], [17, 20]];
  for (const stride of [1, 2, 3]) for (const pad of ['same', 'valid', [[0, 0], [1, 2], [2, 0], [0, 0]]] as Case['pad'][]) {
    for (const kernel of [1, 3, 5]) for (const dilation of withDilation && stride === 1 ? [1, 2] : [1]) {
      const [inC, outC] = channels[(stride + kernel + dilation) % channels.length];
      for (const batch of [1, 3]) {
        const c = { batch, height: 9 + stride, width: 7, inC, outC, kernel, stride, dilation, pad };
        const { info } = convInfo(c);
        if (info.outHeight > 0 && info.outWidth > 0) out.push(c);
      }
    }
  }
  // Channel counts of 8 and more take the indirect kernels (forward, stride-1 input gradient): dilated and strided ones too.
  for (const [stride, dilation, pad] of [[1, 2, 'same'], [1, 2, 'valid'], [2, 1, 'same'], [1, 1, [[0, 0], [2, 1], [0, 2], [0, 0]]]] as [number, number, Case['pad']][]) {
    out.push({ batch: 2, height: 11, width: 9, inC: 9, outC: 18, kernel: 3, stride, dilation: withDilation ? dilation : 1, pad });
    out.push({ batch: 1, height: 10, width: 11, inC: 33, outC: 8, kernel: 5, stride, dilation: withDilation ? dilation : 1, pad });
    // Multiples of 16 input channels take the indirect weight gradient.
    out.push({ batch: 3, height: 9, width: 10, inC: 16, outC: 7, kernel: 3, stride, dilation: withDilation ? dilation : 1, pad });
    out.push({ batch: 1, height: 7, width: 6, inC: 32, outC: 13, kernel: 3, stride, dilation: withDilation ? dilation : 1, pad });
  }
  return out.filter((c) => convInfo(c).info.outHeight > 0 && convInfo(c).info.outWidth > 0);
}

function convInfo(c: Case) {
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inC];
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.inC, c.outC];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, c.stride, c.dilation, c.pad as 'same');
  return { xShape, filterShape, info };
}

function eachPath(body: (path: string) => void): void {
  for (const path of paths) {
    setAddonPath(path);
    body(path);
  }
  if (addon) setAddonPath(addon.info().bestPath);
}

function eachThreads(body: (threads: number) => void): void {
  for (const threads of [1, 2]) {
    addon!.configure(threads, 120_000);
    body(threads);
  }
  addon!.configure(1, 120_000);
}

function check(kernel: string, inputs: Inputs, attrs: Record<string, unknown>, label: string): void {
  const error = relativeError(kernel, inputs, attrs);
  assert.ok(error <= tolerance, `${kernel} ${label}: relative error ${error}`);
}

if (!addon) {
  test(`skipped: no addon here (${line})`, () => {});
} else {
  test('loads, says which micro-kernels run, and registers every kernel on wasm', () => {
    assert.match(line, /native kernels: (avx512|avx2|portable) addon/);
    for (const config of addonKernels) assert.is(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc, config.kernelFunc);
  });

  test('Conv2D matches the cpu backend (strides, paddings, dilations, kernels, odd sizes, batch 1), every path, 1 and 2 threads', () => {
    eachPath((path) => eachThreads((threads) => {
      for (const c of cases(true)) {
        const { xShape, filterShape } = convInfo(c);
        check('Conv2D', {
          x: { shape: xShape, data: values(tf.util.sizeFromShape(xShape), 1) },
          filter: { shape: filterShape, data: values(tf.util.sizeFromShape(filterShape), 2) },
        }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dilations: [c.dilation, c.dilation] }, `${path} ${threads}t ${JSON.stringify(c)}`);
      }
    }));
  });

  test('FusedConv2D with a bias and relu, relu6, leakyrelu or linear matches the cpu backend', () => {
    eachPath((path) => {
      for (const [i, activation] of ['relu', 'relu6', 'leakyrelu', 'linear'].entries()) {
        const c = cases(false)[i * 7 + 3];
        const { xShape, filterShape } = convInfo(c);
        check('FusedConv2D', {
          x: { shape: xShape, data: values(tf.util.sizeFromShape(xShape), 3) },
          filter: { shape: filterShape, data: values(tf.util.sizeFromShape(filterShape), 4) },
          bias: { shape: [c.outC], data: values(c.outC, 5) },
        }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dilations: [1, 1], activation, leakyreluAlpha: 0.1 }, `${path} ${activation}`);
      }
    });
  });

  test('Conv2DBackpropInput matches the cpu backend, every path, 1 and 2 threads', () => {
    eachPath((path) => eachThreads((threads) => {
      for (const c of cases(false)) {
        const { xShape, filterShape, info } = convInfo(c);
        check('Conv2DBackpropInput', {
          dy: { shape: info.outShape, data: values(tf.util.sizeFromShape(info.outShape), 6) },
          filter: { shape: filterShape, data: values(tf.util.sizeFromShape(filterShape), 7) },
        }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: xShape }, `${path} ${threads}t ${JSON.stringify(c)}`);
      }
    }));
  });

  test('Conv2DBackpropFilter matches the cpu backend, every path, 1 and 2 threads', () => {
    eachPath((path) => eachThreads((threads) => {
      for (const c of cases(false)) {
        const { xShape, filterShape, info } = convInfo(c);
        check('Conv2DBackpropFilter', {
          x: { shape: xShape, data: values(tf.util.sizeFromShape(xShape), 8) },
          dy: { shape: info.outShape, data: values(tf.util.sizeFromShape(info.outShape), 9) },
        }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape }, `${path} ${threads}t ${JSON.stringify(c)}`);
      }
    }));
  });

  test('with the indirect kernels off (im2col + GEMM everywhere) the three passes still match the cpu backend', () => {
    addon.setIndirect(false);
    try {
      for (const c of cases(true)) {
        const { xShape, filterShape, info } = convInfo(c);
        const x = { shape: xShape, data: values(tf.util.sizeFromShape(xShape), 40) };
        const filter = { shape: filterShape, data: values(tf.util.sizeFromShape(filterShape), 41) };
        const dy = { shape: info.outShape, data: values(tf.util.sizeFromShape(info.outShape), 42) };
        check('Conv2D', { x, filter }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dilations: [c.dilation, c.dilation] }, `im2col ${JSON.stringify(c)}`);
        if (c.dilation > 1) continue;
        check('Conv2DBackpropInput', { dy, filter }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: xShape }, `im2col ${JSON.stringify(c)}`);
        check('Conv2DBackpropFilter', { x, dy }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape }, `im2col ${JSON.stringify(c)}`);
      }
    } finally {
      addon.setIndirect(true);
    }
  });

  test('the transposed convolution of a DCGAN generator (5x5, stride 2, same) and its gradients match the cpu backend', () => {
    eachThreads(() => {
      const run = () => {
        const x = tf.tensor4d(values(4 * 7 * 7 * 32, 10), [4, 7, 7, 32]);
        const w = tf.tensor4d(values(5 * 5 * 16 * 32, 11), [5, 5, 16, 32]);
        const [y, g] = tf.tidy(() => {
          const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.conv2dTranspose(xx as tf.Tensor4D, ww as tf.Tensor4D, [4, 14, 14, 16], 2, 'same').square().sum();
          return [tf.conv2dTranspose(x, w, [4, 14, 14, 16], 2, 'same'), tf.grads(f)([x, w])] as const;
        });
        const out = [y.dataSync(), ...g.map((t) => t.dataSync())].map((d) => Float32Array.from(d));
        tf.dispose([x, w, y, ...g]);
        return out;
      };
      const onWasm = run();
      tf.setBackend('cpu');
      const onCpu = run();
      tf.setBackend('wasm');
      onCpu.forEach((c, k) => {
        let diff = 0;
        let scale = 0;
        for (let i = 0; i < c.length; i++) {
          diff = Math.max(diff, Math.abs(onWasm[k][i] - c[i]));
          scale = Math.max(scale, Math.abs(c[i]));
        }
        assert.ok(diff / scale <= tolerance, `output ${k}: relative error ${diff / scale}`);
      });
    });
  });

  test('BatchMatMul matches the cpu backend: both transposes, odd sizes, broadcast batches, every path, 1 and 2 threads', () => {
    const sizes = [[1, 1, 1], [7, 13, 5], [32, 128, 33], [100, 50, 300], [130, 17, 64], [3, 257, 2], [1, 128, 1024], [2, 48, 300], [20, 64, 600], [64, 40, 270]];
    eachPath((path) => eachThreads((threads) => {
      for (const [m, n, k] of sizes) for (const transposeA of [false, true]) for (const transposeB of [false, true]) {
        for (const [batchA, batchB] of [[1, 1], [3, 3], [1, 2], [2, 1]]) {
          const aShape = [batchA, ...(transposeA ? [k, m] : [m, k])];
          const bShape = [batchB, ...(transposeB ? [n, k] : [k, n])];
          check('BatchMatMul', {
            a: { shape: aShape, data: values(tf.util.sizeFromShape(aShape), 12) },
            b: { shape: bShape, data: values(tf.util.sizeFromShape(bShape), 13) },
          }, { transposeA, transposeB }, `${path} ${threads}t ${JSON.stringify({ m, n, k, transposeA, transposeB, batchA, batchB })}`);
        }
      }
    }));
  });

  test('_FusedMatMul with a bias and an activation matches the cpu backend, transposed or not', () => {
    eachPath((path) => {
      for (const activation of ['relu', 'linear', 'leakyrelu', 'relu6']) for (const transposeB of [false, true]) {
        const [m, n, k] = [33, 40, 70];
        const bShape = [1, ...(transposeB ? [n, k] : [k, n])];
        check('_FusedMatMul', {
          a: { shape: [1, m, k], data: values(m * k, 14) },
          b: { shape: bShape, data: values(k * n, 15) },
          bias: { shape: [n], data: values(n, 16) },
        }, { transposeA: false, transposeB, activation, leakyreluAlpha: 0.1 }, `${path} ${activation} transposeB=${transposeB}`);
      }
    });
  });

  test('cases the addon does not take run the kernel it replaced, with the same results', () => {
    check('_FusedMatMul', {
      a: { shape: [1, 5, 6], data: values(30, 17) },
      b: { shape: [1, 6, 4], data: values(24, 18) },
      bias: { shape: [4], data: values(4, 19) },
    }, { transposeA: false, transposeB: false, activation: 'sigmoid' }, 'sigmoid (wasm)');
    check('BatchMatMul', {
      a: { shape: [2, 1, 3, 4], data: values(24, 20) },
      b: { shape: [1, 3, 4, 2], data: values(24, 21) },
    }, { transposeA: false, transposeB: false }, 'batch dims broadcast both ways (wasm)');
  });

  test('after the wasm heap grows (its buffer replaced), the kernels read and write the new one', () => {
    const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const problem = () => {
      check('Conv2D', { x: { shape: [2, 9, 9, 16], data: values(2 * 81 * 16, 30) }, filter: { shape: [3, 3, 16, 8], data: values(9 * 16 * 8, 31) } },
        { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }, 'before/after growth');
      check('BatchMatMul', { a: { shape: [1, 20, 30], data: values(600, 32) }, b: { shape: [1, 40, 30], data: values(1200, 33) } },
        { transposeA: false, transposeB: true }, 'before/after growth');
    };
    problem();
    const before = heapBytes();
    const big = tf.zeros([before / 4 + 1024 * 1024]);
    assert.ok(heapBytes() > before, `the heap did not grow (${before} bytes)`);
    problem();
    big.dispose();
  });

  test('the memory-bound passes on the addon\'s threads (ReLU\'s gradient, bias Add, per-channel Multiply/Sub, FusedBatchNorm, repeated rows, MaxPoolGrad), MaxPool, Relu and LeakyRelu match the cpu backend, 1 and 2 threads', () => {
    /** f's result on wasm (the addon's passes) and on cpu, as flat arrays. */
    const onBoth = (f: () => tf.Tensor) => ['wasm', 'cpu'].map((backend) => {
      tf.setBackend(backend);
      return tf.tidy(() => Float32Array.from(f().dataSync()));
    });
    eachThreads((threads) => {
      // Above 2^15 values a pass is split across the threads.
      for (const shape of [[2, 3, 3, 5], [4, 30, 30, 16], [3, 41, 7]]) {
        const size = tf.util.sizeFromShape(shape);
        const channels = shape[shape.length - 1];
        const x = { shape, data: values(size, 3) };
        const v = { shape: [channels], data: values(channels, 4) };
        const label = `${threads}t ${shape}`;
        check('Add', { a: x, b: v }, {}, label);
        check('Multiply', { a: v, b: x }, {}, label);
        check('Sub', { a: x, b: v }, {}, label);
        check('Relu', { x }, {}, label);
        check('LeakyRelu', { x }, { alpha: 0.2 }, label);
        check('FusedBatchNorm', { x, mean: v, variance: { shape: [channels], data: values(channels, 5).map((t) => 1 + t * t) }, offset: v, scale: v }, { varianceEpsilon: 1e-3 }, label);
        const [reluWasm, reluCpu] = onBoth(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.tensor(values(size, 6), shape))))(tf.tensor(x.data.map((t, i) => (i === 7 ? NaN : t)), shape)));
        for (let i = 0; i < size; i++) assert.ok(Object.is(reluWasm[i], reluCpu[i]) || Math.abs(reluWasm[i] - reluCpu[i]) <= 1e-6, `ReLU gradient ${label} at ${i}: ${reluWasm[i]} vs ${reluCpu[i]}`);
        const [meanWasm, meanCpu] = onBoth(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mean(t, shape.slice(0, -1).map((_, i) => i)), tf.tensor1d(v.data))))(tf.zeros(shape)));
        assert.ok(relativeDifference(meanWasm, meanCpu) <= 1e-6, `repeated rows ${label}`);
      }
      for (const [shape, filter, stride, pad] of [[[3, 28, 28, 16], 2, 2, 'valid'], [[2, 9, 7, 5], 3, 2, 'same'], [[1, 8, 8, 32], 3, 1, 'same']] as [number[], number, number, 'valid' | 'same'][]) {
        const input = { shape, data: values(tf.util.sizeFromShape(shape), 8) };
        tf.setBackend('cpu');
        const outShape = tf.maxPool(tf.zeros(shape) as unknown as tf.Tensor4D, filter, stride, pad).shape;
        tf.setBackend('wasm');
        const dy = { shape: outShape, data: values(tf.util.sizeFromShape(outShape), 9) };
        check('MaxPoolGrad', { dy, input, output: dy }, { filterSize: filter, strides: stride, pad }, `${threads}t ${shape}`);
        check('MaxPool', { x: input }, { filterSize: filter, strides: stride, pad }, `${threads}t ${shape}`);
      }
    });
    tf.setBackend('wasm');
  });

  test('results repeat bit for bit on the same threads and path (each thread sums a fixed share)', () => {
    eachThreads(() => {
      const x = tf.tensor4d(values(4 * 12 * 12 * 16, 50), [4, 12, 12, 16]);
      const dy = tf.tensor4d(values(4 * 12 * 12 * 32, 51), [4, 12, 12, 32]);
      const w = tf.tensor4d(values(3 * 3 * 16 * 32, 52), [3, 3, 16, 32]);
      const run = () => [
        tf.conv2d(x, w, 1, 'same'),
        tf.conv2dTranspose(dy, w, x.shape, 1, 'same'),
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: w.shape }) as tf.Tensor,
        tf.matMul(x.reshape([-1, 16]), dy.reshape([-1, 32]), true, false),
      ].map((t) => {
        const data = Array.from(t.dataSync());
        t.dispose();
        return data;
      });
      assert.equal(run(), run());
      tf.dispose([x, dy, w]);
    });
  });

  test('a tensor outside the heap is an error naming it, not a stray write', () => {
    const heap = new Uint8Array(new SharedArrayBuffer(4096));
    assert.throws(() => addon.matMul(heap, 0, 64, -1, 4096, 1, 1, 2, 2, 2, 0, 0, 0, 0), /tensor c \(4 floats at byte 4096\) does not lie inside the 4096-byte heap/);
    assert.throws(() => addon.matMul(heap, 0, 64, -1, 8, 1, 1, 2, 2, 2, 0, 0, 0, 0), /the output overlaps input a/);
    assert.throws(() => addon.conv2d(heap, 0, 1024, -1, 2048, 1, 100, 100, 1, 100, 100, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0), /tensor x .* does not lie inside/);
  });

  test('training a small conv net leaks no tensors and no wasm memory', () => {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [10, 10, 3], filters: 16, kernelSize: 3, activation: 'relu', padding: 'same' }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 5 }),
    ] });
    const optimizer = tf.train.adam(1e-3);
    const x = tf.tensor4d(values(8 * 10 * 10 * 3, 22), [8, 10, 10, 3]);
    const y = tf.tensor2d(values(8 * 5, 23), [8, 5]);
    const step = () => tf.tidy(() => {
      optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    });
    for (let i = 0; i < 3; i++) step();
    const before = tf.memory().numTensors;
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const ids = backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    assert.is(tf.memory().numTensors, before);
    assert.is(backend.numDataIds(), ids);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
}

test.run();
