import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeGif } from '../../../envs/src/render/gif';
import { gifInfo } from '../../../envs/src/render/gif-info';
import { EnvOptionError } from '../../../envs/src/errors';

function solid(width: number, height: number, rgb: [number, number, number]) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

const I = suite('gifInfo');

I('reads size, frame count, delays and the loop count', () => {
  const info = gifInfo(encodeGif([solid(5, 7, [1, 1, 1]), solid(5, 7, [2, 2, 2])], { fps: 4, repeat: 3 }));
  assert.equal(info, { version: 'GIF89a', width: 5, height: 7, frames: 2, delays: [25, 25], loopCount: 3 });
});

I('refuses bytes that are not a GIF or are cut short', () => {
  assert.throws(() => gifInfo(new Uint8Array([1, 2, 3, 4, 5, 6, 7])), (e: Error) => e instanceof EnvOptionError && /GIF/.test(e.message));
  const bytes = encodeGif([solid(2, 2, [9, 9, 9])]);
  assert.throws(() => gifInfo(bytes.subarray(0, bytes.length - 1)), (e: Error) => e instanceof EnvOptionError && /trailer/.test(e.message));
});

I.run();
