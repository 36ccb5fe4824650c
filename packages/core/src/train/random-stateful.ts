/**
 * Layers that draw random numbers while training (a seeded dropout, noise layers) can
 * expose their generator's state through this interface; `fit` then saves it in every
 * checkpoint and restores it on resume, so a resumed run draws the same masks as an
 * uninterrupted one. tfjs's own Dropout draws from Math.random and cannot be replayed.
 */
export interface RandomStateful {
  /** The generator state as plain numbers (JSON-safe). */
  getRandomState(): number[];
  /** Restores what `getRandomState` returned. */
  setRandomState(state: number[]): void;
}

/** Whether `value` (typically a layer) implements `RandomStateful`. */
export function isRandomStateful(value: unknown): value is RandomStateful {
  const v = value as Partial<RandomStateful> | null;
  return v != null && typeof v.getRandomState === 'function' && typeof v.setRandomState === 'function';
}
