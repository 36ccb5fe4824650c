/**
 * Run as its own process by async-vector-env.test.ts: opens an AsyncVectorEnv, steps it,
 * closes it and prints `done`. The process must then exit by itself (no live workers).
 */
import { AsyncVectorEnv } from '../../../envs/src/vector/async-vector-env';

const vec = new AsyncVectorEnv<number>({ id: 'CartPole-v1', numEnvs: 2 });
await vec.reset({ seed: 0 });
for (let t = 0; t < 20; t++) await vec.step([0, 1]);
await vec.close();
console.log('done');
