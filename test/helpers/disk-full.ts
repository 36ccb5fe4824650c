/**
 * A full disk, for the tests of checkpoint writers: once `fill()` is called, the next
 * `fs.writeSync` throws ENOSPC as write(2) does when the disk is full (later writes succeed
 * again, so the test can resume from what was kept). `restore()` puts the real writeSync back;
 * call it in a `finally`.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

export interface DiskFull {
  /** From now on, the next write fails. */
  fill(): void;
  /** Whether a write has failed. */
  failed(): boolean;
  restore(): void;
}

export function diskFull(): DiskFull {
  const realWriteSync = fs.writeSync;
  let failed = false;
  return {
    fill() {
      fs.writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
        if (!failed) {
          failed = true;
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        }
        return (realWriteSync as (...a: unknown[]) => number)(...args);
      }) as typeof fs.writeSync;
      // Modules that imported { writeSync } see the replacement too.
      syncBuiltinESMExports();
    },
    failed: () => failed,
    restore() {
      fs.writeSync = realWriteSync;
      syncBuiltinESMExports();
    },
  };
}
