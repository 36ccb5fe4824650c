import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FrameStack } from '../../../envs/src/wrappers/frame-stack';
import { Discrete } from '../../../envs/src/spaces/discrete';
import { EnvOptionError } from '../../../envs/src/errors';
import { CountEnv } from '../helpers/count-env';

const FrameStackSuite = suite('FrameStack');

FrameStackSuite('stacks the last k observations oldest first, padding with the reset observation', () => {
  const env = new FrameStack(new CountEnv(10), { stackSize: 3 });
  assert.equal(env.observationSpace.shape, [3, 2]);
  assert.is(env.observationSpace.dtype, 'float32');
  const start = env.reset().observation;
  assert.equal(Array.from(start), [0, 0, 0, 0, 0, 0]);
  assert.ok(env.observationSpace.contains(start));
  assert.equal(Array.from(env.step(1).observation), [0, 0, 0, 0, 1, 11]);
  const third = env.step(2).observation;
  assert.equal(Array.from(third), [0, 0, 1, 11, 2, 22]);
  assert.equal(Array.from(env.step(0).observation), [1, 11, 2, 22, 3, 30]);
  // Returned arrays are copies: later steps do not change them.
  assert.equal(Array.from(third), [0, 0, 1, 11, 2, 22]);
  env.reset();
  assert.equal(Array.from(env.step(0).observation), [0, 0, 0, 0, 1, 10]);
});

FrameStackSuite('refuses a non-Box observation space and a bad stack size', () => {
  const discreteObs = Object.assign(new CountEnv(), { observationSpace: new Discrete(3) });
  assert.throws(() => new FrameStack(discreteObs as never), (e: Error) => e instanceof EnvOptionError && /Box observation space/.test(e.message));
  assert.throws(() => new FrameStack(new CountEnv(), { stackSize: 0 }), (e: Error) => e instanceof EnvOptionError && /stackSize/.test(e.message));
});

FrameStackSuite.run();
