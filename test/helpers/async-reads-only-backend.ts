/**
 * A backend that reads tensors only asynchronously, as tfjs-backend-webgpu under Node does (its
 * readSync needs a browser's OffscreenCanvas): the cpu backend's kernels, with `dataSync`,
 * `arraySync` and every other synchronous read refused. Code that is to run on WebGPU under
 * Node is tested on it here, where no GPU is: it must give the cpu backend's numbers.
 */
import * as tf from '@tensorflow/tfjs';

export const asyncReadsOnly = 'cpu-async-reads-only';

/** Registers the backend (once) and makes it the current one. */
export async function useAsyncReadsOnlyBackend(): Promise<void> {
  if (tf.findBackendFactory(asyncReadsOnly) === null) {
    await tf.setBackend('cpu');
    // The cpu backend's class, reached through its instance: @tensorflow/tfjs-backend-cpu is not a direct dependency.
    const Cpu = tf.findBackend('cpu')!.constructor as new () => tf.KernelBackend;
    class AsyncReadsOnly extends Cpu {
      private internal(dataId: object) {
        return super.readSync(dataId);
      }
      override readSync(): never {
        throw new Error(`${asyncReadsOnly}: a synchronous read (dataSync, arraySync, bufferSync), which tfjs-backend-webgpu cannot do under Node`);
      }
      override async read(dataId: object) {
        return this.internal(dataId);
      }
      // The cpu kernels' own reads (gather, scatter, …) stay synchronous, as WebGPU's shaders are.
      bufferSync(t: tf.TensorInfo): tf.TensorBuffer<tf.Rank, tf.DataType> {
        return tf.buffer(t.shape, t.dtype, this.internal(t.dataId) as tf.DataTypeMap[tf.NumericDataType]);
      }
    }
    tf.registerBackend(asyncReadsOnly, () => new AsyncReadsOnly(), -1);
    for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: asyncReadsOnly });
  }
  await tf.setBackend(asyncReadsOnly);
}
