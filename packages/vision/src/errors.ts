/**
 * Errors of @deeper/vision. Messages follow STYLE.md convention 7: `<who> expects <what>,
 * but received <value>`, naming the file and the entry when the problem is in data on disk,
 * then the likely fix. Bad config fields throw core's `ConfigError`.
 */
import { DeeperError } from '@deeper/core';

/** Data on disk (an image, a mask, an annotation file, a caption file) that is missing or malformed. */
export class VisionDataError extends DeeperError {
  constructor(
    /** Who reads the data, e.g. `readSegmentationFolder`. */
    readonly who: string,
    /** The file at fault. */
    readonly file: string,
    /** The entry inside it (a line, an annotation id), or null for the whole file. */
    readonly entry: string | null,
    /** What was expected. */
    readonly expected: string,
    /** What was found. */
    readonly received: string,
    /** The likely fix, if there is one. */
    readonly hint?: string,
  ) {
    super(`${who} expects ${file}${entry === null ? '' : ` (${entry})`} to hold ${expected}, but received ${received}${hint ? `. ${hint}` : ''}`);
  }
}
