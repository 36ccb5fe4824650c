/** The backend options of the small-network commands (dqn train/eval/play, the DQN experiments). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { smallNetworkBackendOptions } from '../../experiments/src/use-backend';

const test = suite('smallNetworkBackendOptions');

test('one native thread unless DEEPER_NATIVE_THREADS names a count, which then rules', () => {
  const saved = process.env.DEEPER_NATIVE_THREADS;
  try {
    delete process.env.DEEPER_NATIVE_THREADS;
    assert.equal(smallNetworkBackendOptions(), { nativeThreads: 1 });
    process.env.DEEPER_NATIVE_THREADS = '';
    assert.equal(smallNetworkBackendOptions(), { nativeThreads: 1 });
    process.env.DEEPER_NATIVE_THREADS = '2';
    assert.equal(smallNetworkBackendOptions(), {});
  } finally {
    if (saved === undefined) delete process.env.DEEPER_NATIVE_THREADS;
    else process.env.DEEPER_NATIVE_THREADS = saved;
  }
});

test.run();
