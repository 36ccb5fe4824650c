/**
 * Errors of @deeper/core. Every message says `<who> expects <what>, but received <value>`
 * and then, where there is one, the likely fix (STYLE.md, convention 7).
 */

/** Base class: lets callers catch everything deeper throws with one `instanceof`. */
export class DeeperError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Renders a received value for a message: strings quoted, arrays and objects as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 200)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A config field with a bad value: names the field, the value and what was expected. */
export class ConfigError extends DeeperError {
  constructor(
    /** Who reads the field, e.g. `residualBlock` or `deeper bench`. */
    readonly who: string,
    /** The field's name, e.g. `filters`. */
    readonly field: string,
    /** What the field must be, e.g. `a positive integer`. */
    readonly expected: string,
    /** What it was. */
    readonly received: unknown,
    /** The likely fix, if there is one to suggest. */
    readonly hint?: string,
  ) {
    super(`${who} expects ${field} to be ${expected}, but received ${describeValue(received)}${hint ? `. ${hint}` : ''}`);
  }
}

/** A config object with a field nobody reads: almost always a typo. */
export class UnknownFieldError extends DeeperError {
  constructor(readonly who: string, readonly field: string, readonly known: readonly string[]) {
    super(`${who} expects fields among ${known.join(', ')}, but received unknown field ${JSON.stringify(field)}`);
  }
}

/** A backend that was asked for by name and cannot load. */
export class BackendUnavailableError extends DeeperError {
  constructor(readonly backend: string, reason: string, readonly install?: string) {
    super(`selectBackend expects backend ${JSON.stringify(backend)} to load, but it could not: ${reason}${install ? `. ${install}` : ''}`);
  }
}

/** A saved model or checkpoint that is missing, corrupt, or does not match what loads it. */
export class CheckpointError extends DeeperError {
  constructor(readonly path: string, readonly problem: string) {
    super(`loading ${path} expects a complete checkpoint that matches the model, but ${problem}`);
  }
}

/** Tensors of the wrong shape or rank handed to a function. */
export class ShapeError extends DeeperError {
  constructor(readonly who: string, readonly expected: string, readonly received: readonly (number | null)[] | string) {
    super(`${who} expects ${expected}, but received shape ${typeof received === 'string' ? received : `[${received.join(', ')}]`}`);
  }
}

/**
 * A blocking wait of the backend that outlived its time limit: some thread it waited for
 * never answered. Names the kernel, each thread and what it was doing; the run stops so
 * that it can resume from its last checkpoint rather than hang with nothing reported.
 */
export class ThreadWaitTimeoutError extends DeeperError {
  constructor(
    /** The kernel whose threads did not finish, e.g. `conv2d_backprop_filter_f32`. */
    readonly kernel: string,
    /** Seconds waited. */
    readonly seconds: number,
    /** One line per thread: which it is and what it was waiting for or doing. */
    readonly threads: readonly string[],
  ) {
    super(`${kernel} expects its worker threads to finish within ${seconds} s, but after ${seconds} s ${threads.join('; ')}. ` +
      'The run stops here instead of hanging: resume it from its last checkpoint (DEEPER_WAIT_TIMEOUT_S sets the limit)');
  }
}

/**
 * A write that landed outside the tensor buffer it belonged to, found by the heap check
 * (backend/heap-check.ts, `DEEPER_HEAP_CHECK=1`): a red zone around a buffer, or a freed
 * buffer in quarantine, no longer holds its poison.
 */
export class HeapCorruptionError extends DeeperError {
  constructor(
    /** What ran last before the damage was found, e.g. `kernel Conv2DBackpropInput`. */
    readonly lastRan: string,
    /** The buffer the damage is in or next to, with who allocated and freed it. */
    readonly buffer: string,
    /** Where, relative to the buffer. */
    readonly where: string,
    /** The word found there, in hex. */
    readonly found: string,
  ) {
    super(`the wasm heap check expects every kernel to write only inside its own live buffers, but after ${lastRan} ` +
      `${buffer} holds ${found} ${where} instead of the poison word. That write corrupts whatever the heap holds there ` +
      '(other tensors, the allocator, thread state)');
  }
}

/**
 * A checkpoint that could not be written (a full disk, a lost mount, no permission). The
 * previous complete checkpoint is untouched, and the run stops rather than train on with
 * nothing to resume from.
 */
export class CheckpointWriteError extends DeeperError {
  constructor(
    /** The checkpoint directory that was being written. */
    readonly path: string,
    /** The underlying error's code, e.g. `ENOSPC`, or its message. */
    readonly reason: string,
    /** The newest complete checkpoint left, or null if there is none. */
    readonly kept: string | null,
  ) {
    super(`writing checkpoint ${path} expects the disk to take it, but it failed: ${reason}. ` +
      (kept === null ? 'No earlier checkpoint exists. ' : `The previous checkpoint ${kept} is kept, complete. `) +
      'The run stopped; free space (or fix the folder) and resume it');
  }
}
