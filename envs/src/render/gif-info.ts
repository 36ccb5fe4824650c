/**
 * `gifInfo`: reads the structure of a GIF file (GIF89a spec, W3C/CompuServe 1990) without
 * decoding pixels: screen size, frame count, per-frame delays and loop count. For tests and
 * tools that check a recording.
 */
import { EnvOptionError } from '../errors';

export interface GifInfo {
  /** `GIF87a` or `GIF89a`. */
  version: string;
  width: number;
  height: number;
  /** Number of images (frames). */
  frames: number;
  /** Each frame's delay in 1/100 s (0 where no graphic control extension precedes it). */
  delays: number[];
  /** NETSCAPE2.0 loop count (0 = forever), or undefined when the file does not loop. */
  loopCount: number | undefined;
}

export function gifInfo(bytes: Uint8Array): GifInfo {
  const fail = (what: string): never => {
    throw new EnvOptionError(`gifInfo expects the bytes of a GIF file, but received ${what}`);
  };
  const version = String.fromCharCode(...bytes.subarray(0, 6));
  if (version !== 'GIF89a' && version !== 'GIF87a') fail(`a file starting with ${JSON.stringify(version)}`);
  const u16 = (at: number) => bytes[at] | (bytes[at + 1] << 8);
  const width = u16(6), height = u16(8);
  let pos = 13;
  const packed = bytes[10];
  if (packed & 0x80) pos += 3 * (1 << ((packed & 7) + 1));
  const skipSubBlocks = () => {
    while (pos < bytes.length && bytes[pos] !== 0) pos += bytes[pos] + 1;
    pos++;
  };
  const delays: number[] = [];
  let pendingDelay = 0;
  let loopCount: number | undefined;
  for (;;) {
    if (pos >= bytes.length) fail('a file that ends before its trailer (0x3B)');
    const block = bytes[pos];
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = bytes[pos + 1];
      if (label === 0xf9) pendingDelay = u16(pos + 4);
      if (label === 0xff && String.fromCharCode(...bytes.subarray(pos + 3, pos + 14)) === 'NETSCAPE2.0') loopCount = u16(pos + 16);
      pos += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      const local = bytes[pos + 9];
      pos += 10;
      if (local & 0x80) pos += 3 * (1 << ((local & 7) + 1));
      pos++; // LZW minimum code size
      skipSubBlocks();
      delays.push(pendingDelay);
      pendingDelay = 0;
    } else {
      fail(`an unknown block 0x${block.toString(16)} at byte ${pos}`);
    }
  }
  return { version, width, height, frames: delays.length, delays, loopCount };
}
