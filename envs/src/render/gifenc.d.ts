/**
 * Types for the parts of `gifenc` 1.0 (MIT, mattdesl/gifenc) that ./gif.ts uses; the package
 * ships none. Its CommonJS build is loaded through the default import.
 */
declare module 'gifenc' {
  /** Colours as `[r, g, b]` (or `[r, g, b, a]`) byte triples. */
  export type Palette = number[][];

  export interface WriteFrameOptions {
    /** Colour table; required on the first frame (it becomes the global table). */
    palette?: Palette;
    /** Frame duration in milliseconds (stored in hundredths of a second). */
    delay?: number;
    /** -1 plays once, 0 loops forever, n > 0 loops n times; read from the first frame. */
    repeat?: number;
  }

  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: WriteFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
  }

  interface GifencModule {
    GIFEncoder(options?: { initialCapacity?: number; auto?: boolean }): Encoder;
    quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: { format?: 'rgb565' | 'rgb444' | 'rgba4444' }): Palette;
    applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: 'rgb565' | 'rgb444' | 'rgba4444'): Uint8Array;
  }

  const gifenc: GifencModule;
  export default gifenc;
}
