/**
 * Captioned shape scenes: 64×64 RGB images of 1–3 shapes, each a shape × colour × size in one
 * of the four quadrants (no two in one quadrant), with one reference caption per paraphrase
 * template (`captionTemplates`). Some shape–colour combinations (`heldOut`) never appear in
 * training scenes; test scenes draw from all combinations, and each records whether it holds
 * a held-out one, so a captioner's generalisation to unseen combinations can be measured
 * (as in compositional captioning tests, e.g. Nikolaus et al. 2019). Each scene's facts are
 * written beside its captions, so generated captions can be checked for truth.
 */
import { checkInteger, checkOneOf, ConfigError, resolveConfig } from '@deeper/core';
import { splits, type Split } from './mnist-halves';
import { SceneRandom } from './scene-random';

export const shapes = ['circle', 'square', 'triangle'] as const;
export const colours = ['red', 'green', 'blue', 'yellow'] as const;
export const sizes = ['small', 'large'] as const;
export const positions = ['top left', 'top right', 'bottom left', 'bottom right'] as const;

export type ShapeName = (typeof shapes)[number];
export type ColourName = (typeof colours)[number];
export type SizeName = (typeof sizes)[number];
export type PositionName = (typeof positions)[number];

/** One shape of a scene: what a caption must say about it. */
export interface ShapeFact { shape: ShapeName; colour: ColourName; size: SizeName; position: PositionName }

/** RGB of each colour. */
export const colourRgb: Record<ColourName, [number, number, number]> = { red: [220, 40, 40], green: [40, 180, 60], blue: [50, 80, 230], yellow: [230, 210, 40] };

/** Half-side (square), radius (circle) or half-height (triangle) of each size, pixels. */
export const sizeRadius: Record<SizeName, number> = { small: 5, large: 10 };

/** Paraphrase templates: one clause per shape, clauses joined by " and ". */
export const captionTemplates: readonly ((f: ShapeFact) => string)[] = [
  (f) => `a ${f.size} ${f.colour} ${f.shape} in the ${f.position}`,
  (f) => `in the ${f.position} there is a ${f.size} ${f.colour} ${f.shape}`,
  (f) => `there is a ${f.colour} ${f.shape} at the ${f.position} and it is ${f.size}`,
];

/** The reference captions of a scene: one per template, shapes in reading order. */
export function captionsOf(scene: readonly ShapeFact[]): string[] {
  const ordered = [...scene].sort((a, b) => positions.indexOf(a.position) - positions.indexOf(b.position));
  return captionTemplates.map((template) => ordered.map(template).join(' and '));
}

export interface ShapeCaptionsConfig {
  /** Scenes to generate; default 1000. */
  count: number;
  /** Seed of every draw; default 0 (use different seeds for train and test). */
  seed: number;
  /** 'train' never uses a held-out combination; 'test' uses all. Default 'train'. */
  split: Split;
  /** Fewest and most shapes per scene; default 1 and 3. */
  minShapes: number;
  maxShapes: number;
  /** Shape–colour combinations kept out of training scenes; default red triangle, green circle, blue square. */
  heldOut: [ShapeName, ColourName][];
}

export const shapeCaptionsDefaults: ShapeCaptionsConfig = {
  count: 1000, seed: 0, split: 'train', minShapes: 1, maxShapes: 3,
  heldOut: [['triangle', 'red'], ['circle', 'green'], ['square', 'blue']],
};

/** Canvas side, pixels. */
export const shapeCanvas = 64;

const who = 'generateShapeCaptions';

export function resolveShapeCaptionsConfig(partial: Partial<ShapeCaptionsConfig> = {}): ShapeCaptionsConfig {
  const c = resolveConfig(who, shapeCaptionsDefaults, partial);
  checkInteger(who, 'count', c.count);
  checkInteger(who, 'seed', c.seed, 0);
  checkOneOf(who, 'split', c.split, splits);
  checkInteger(who, 'minShapes', c.minShapes, 1, positions.length);
  checkInteger(who, 'maxShapes', c.maxShapes, c.minShapes, positions.length);
  if (!Array.isArray(c.heldOut) || c.heldOut.some((p) => !Array.isArray(p) || !shapes.includes(p[0]) || !colours.includes(p[1]))) {
    throw new ConfigError(who, 'heldOut', `an array of [shape, colour] pairs (shapes ${shapes.join(', ')}; colours ${colours.join(', ')})`, c.heldOut);
  }
  if (c.heldOut.length >= shapes.length * colours.length) throw new ConfigError(who, 'heldOut', 'fewer pairs than there are combinations', c.heldOut.length);
  return c;
}

/** Whether `fact` is one of the held-out combinations. */
export const isHeldOut = (fact: Pick<ShapeFact, 'shape' | 'colour'>, heldOut: readonly [ShapeName, ColourName][]) =>
  heldOut.some(([shape, colour]) => shape === fact.shape && colour === fact.colour);

/** Whether pixel (x, y) lies in `shape` of `radius` centred at (cx, cy). */
function inside(shape: ShapeName, x: number, y: number, cx: number, cy: number, radius: number): boolean {
  const dx = x - cx;
  const dy = y - cy;
  if (shape === 'square') return Math.abs(dx) <= radius && Math.abs(dy) <= radius;
  if (shape === 'circle') return dx * dx + dy * dy <= radius * radius + radius;
  // An upward triangle: apex at the top, base at the bottom, as wide as it is tall.
  return dy >= -radius && dy <= radius && Math.abs(dx) <= (dy + radius) / 2;
}

/** One generated scene. */
export interface ShapeScene { facts: ShapeFact[]; heldOut: boolean }

/** Draws `scenes` into 64×64 RGB images (black background). */
export function renderShapeScene(facts: readonly ShapeFact[], centres: readonly [number, number][]): Uint8Array {
  const image = new Uint8Array(shapeCanvas * shapeCanvas * 3);
  facts.forEach((f, i) => {
    const [cx, cy] = centres[i];
    const r = sizeRadius[f.size];
    const rgb = colourRgb[f.colour];
    for (let y = Math.max(0, cy - r); y <= Math.min(shapeCanvas - 1, cy + r); y++) {
      for (let x = Math.max(0, cx - r); x <= Math.min(shapeCanvas - 1, cx + r); x++) {
        if (inside(f.shape, x, y, cx, cy, r)) image.set(rgb, (y * shapeCanvas + x) * 3);
      }
    }
  });
  return image;
}

/** Generated scenes: images (count × 64 × 64 × 3), facts, captions and file names. */
export interface ShapeCaptionsData {
  images: Uint8Array;
  scenes: ShapeScene[];
  captions: string[][];
  fileNames: string[];
  count: number;
}

/** Generates `count` scenes; the same config gives the same bytes. */
export function generateShapeCaptions(partial: Partial<ShapeCaptionsConfig> = {}): ShapeCaptionsData {
  const c = resolveShapeCaptionsConfig(partial);
  const random = new SceneRandom(c.seed);
  const side = shapeCanvas * shapeCanvas * 3;
  const images = new Uint8Array(c.count * side);
  const scenes: ShapeScene[] = [];
  const half = shapeCanvas / 2;
  for (let n = 0; n < c.count; n++) {
    const k = random.int(c.minShapes, c.maxShapes);
    const free = [...positions];
    const facts: ShapeFact[] = [];
    const centres: [number, number][] = [];
    for (let i = 0; i < k; i++) {
      const position = free.splice(random.int(0, free.length - 1), 1)[0];
      let shape: ShapeName;
      let colour: ColourName;
      do {
        shape = random.pick(shapes);
        colour = random.pick(colours);
      } while (c.split === 'train' && isHeldOut({ shape, colour }, c.heldOut));
      const size = random.pick(sizes);
      const r = sizeRadius[size];
      const qx = position.endsWith('right') ? half : 0;
      const qy = position.startsWith('bottom') ? half : 0;
      // Keep a one-pixel gap to the quadrant's edges, so shapes never touch.
      centres.push([random.int(qx + r + 1, qx + half - r - 2), random.int(qy + r + 1, qy + half - r - 2)]);
      facts.push({ shape, colour, size, position });
    }
    images.set(renderShapeScene(facts, centres), n * side);
    scenes.push({ facts, heldOut: facts.some((f) => isHeldOut(f, c.heldOut)) });
  }
  return {
    images, scenes, captions: scenes.map((s) => captionsOf(s.facts)), count: c.count,
    fileNames: Array.from({ length: c.count }, (_, i) => `${c.split}-${String(i).padStart(5, '0')}.png`),
  };
}
