/** A dataset that is missing, truncated or not in the expected format. */
import { DeeperError } from '@deeper/core';

export class DatasetError extends DeeperError {
  constructor(
    /** Who read it, e.g. `readIdx` or `loadFashionMnist`. */
    readonly who: string,
    /** What was expected, e.g. `an IDX file`. */
    readonly expected: string,
    /** What was found instead. */
    readonly received: string,
    /** The likely fix. */
    readonly hint?: string,
  ) {
    super(`${who} expects ${expected}, but received ${received}${hint ? `. ${hint}` : ''}`);
  }
}
