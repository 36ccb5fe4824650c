/**
 * Errors of @deeper/dcgan. Messages say `<who> expects <what>, but received <value>` and then
 * the likely fix (STYLE.md, convention 7).
 */
import { DeeperError, describeValue } from '@deeper/core';

/** Images that cannot be trained on: an empty folder, an unreadable file, mixed channel counts. */
export class GanDataError extends DeeperError {
  constructor(readonly who: string, readonly expected: string, readonly received: unknown, hint?: string) {
    super(`${who} expects ${expected}, but received ${typeof received === 'string' ? received : describeValue(received)}${hint ? `. ${hint}` : ''}`);
  }
}

/**
 * Training that went wrong: a non-finite loss or a discriminator that collapsed (won outright,
 * so the generator's gradient vanished). `lastCheckpoint` is the last good one, or null.
 */
export class GanTrainingError extends DeeperError {
  constructor(readonly who: string, readonly expected: string, readonly received: string, readonly lastCheckpoint: string | null, hint: string) {
    super(`${who} expects ${expected}, but received ${received}. ${lastCheckpoint === null ? 'No checkpoint was written yet' : `The last good checkpoint is ${lastCheckpoint}`}. ${hint}`);
  }
}
