import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { make } from '../../envs/src/registry/make';
import { FrameStack } from '../../envs/src/wrappers/frame-stack';
import { replayStorageFor } from '../../packages/dqn/src/replay-storage';
import { IdentityEnv } from './helpers/toy-envs';

const Storage = suite('replayStorageFor');

Storage('packs MinAtar grids as bits, keeps vectors as float32', () => {
  for (const id of ['MinAtar/Breakout-v0', 'MinAtar/Seaquest-v0']) {
    const env = make(id);
    assert.equal(replayStorageFor(env), { observationDtype: 'bit', framesPerObservation: 1 }, id);
    env.close();
  }
  const cartPole = make('CartPole-v1');
  assert.equal(replayStorageFor(cartPole), { observationDtype: 'float32', framesPerObservation: 1 });
  cartPole.close();
  // A one-hot float32 vector is 0/1 too, but only uint8 spaces are packed.
  assert.equal(replayStorageFor(new IdentityEnv(3)), { observationDtype: 'float32', framesPerObservation: 1 });
});

Storage('stores a FrameStack of k as k frames, each once', () => {
  const stacked = new FrameStack(make('MinAtar/Breakout-v0') as never, { stackSize: 3 });
  assert.equal(replayStorageFor(stacked as never), { observationDtype: 'bit', framesPerObservation: 3 });
  stacked.close();
});

Storage.run();
