import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Wrapper } from '../../../envs/src/wrappers/wrapper';
import { CountEnv } from '../helpers/count-env';

const WrapperSuite = suite('Wrapper');

WrapperSuite('forwards spaces, metadata, spec, reset, step, render and close', () => {
  const inner = new CountEnv();
  const outer = new Wrapper<Float32Array, number>(new Wrapper<Float32Array, number>(inner));
  assert.is(outer.observationSpace, inner.observationSpace);
  assert.is(outer.actionSpace, inner.actionSpace);
  assert.is(outer.metadata, inner.metadata);
  assert.is(outer.unwrapped, inner);
  outer.spec = { id: 'X-v0', create: () => inner, description: 'x' };
  assert.is(inner.spec?.id, 'X-v0');
  assert.is(outer.reset({ seed: 4 }).info.draw, inner.reset({ seed: 4 }).info.draw);
  assert.equal(Array.from(outer.step(2).observation), [1, 12]);
  assert.is(outer.render().data[0], 1);
  outer.close();
  assert.is(inner.closed, 1);
});

WrapperSuite.run();
