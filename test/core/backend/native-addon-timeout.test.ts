/**
 * The addon's thread pool never hangs silently (issue 13): when a thread does not finish
 * within the wait limit, the kernel throws deeper's ThreadWaitTimeoutError naming the
 * kernel and each thread's state, and the addon refuses further work (a late thread could
 * still write into the heap). Its own file: the pool stays retired for the process.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ThreadWaitTimeoutError } from '../../../packages/core/src/errors';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { loadedAddon } from '../../../packages/core/src/backend/addon-kernels/index';

delete process.env.DEEPER_NATIVE;
const report = await selectBackend('wasm', { threads: 1, quiet: true });
const addon = loadedAddon();
const test = suite('native addon wait limit');

if (!addon) {
  test(`skipped: no addon here (${report.reason})`, () => {});
} else {
  test('a thread late past the limit: ThreadWaitTimeoutError naming the kernel and the thread, then the addon refuses work', () => {
    addon.configure(2, 300);
    const x = tf.ones([8, 32, 32, 16]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 16, 16]) as tf.Tensor4D;
    tf.conv2d(x, w, 1, 'same').dispose(); // both threads take part in a job this size
    addon.delayWorker(1, 1500);
    const started = Date.now();
    try {
      tf.conv2d(x, w, 1, 'same').dispose();
      assert.unreachable('expected a time-out');
    } catch (error) {
      assert.instance(error, ThreadWaitTimeoutError);
      const message = (error as Error).message;
      assert.match(message, /Conv2D \(deeper's native addon\)/);
      assert.match(message, /thread 1 took the job and never finished/);
    }
    assert.ok(Date.now() - started < 1400, `the time-out took ${Date.now() - started} ms, limit 300 ms`);
    assert.throws(() => tf.conv2d(x, w, 1, 'same'), /retired after a time-out in kernel Conv2D/);
    tf.dispose([x, w]);
  });
}

test.run();
